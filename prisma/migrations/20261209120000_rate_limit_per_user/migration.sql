-- SMS Central's API signs in with a username and password on every call, not an API key: its requests are
-- counted per user (and in the tenant's budget, with the keys'), as the keys' are (lib/domain/users/count-password-request.ts).
ALTER TYPE "rate_limit_scope" ADD VALUE 'user';
