import { apiTokenKeyFromEnv, signApiToken } from "./api-token-format";
import type { ApiKeyContext } from "./authenticate-api-key";
import type { IssuedApiToken } from "./issue-api-token";

/**
 * A new token for the key the caller authenticated with (SMS.to's refresh), with the lifetime the presented
 * token was issued with, counted from now. The old token is not revoked: tokens are stateless, and each request re-reads
 * the key, so revoking the key is what ends them all. A caller that sent the key itself gets a token without
 * expiry, the /oauth/token default.
 */
export async function refreshApiToken(ctx: ApiKeyContext): Promise<IssuedApiToken> {
  const expiresInMinutes = ctx.token?.expiresInMinutes ?? 0;
  const jwt = await signApiToken({ apiKeyId: ctx.apiKeyId, tenantId: ctx.tenantId, expiresInMinutes }, apiTokenKeyFromEnv());
  return { jwt, expiresInMinutes };
}
