import { prisma } from "@/lib/db/client";
import { sqlPool } from "@/lib/db/pool";
import { UnauthenticatedError } from "@/lib/domain/errors";
import type { DomainContext } from "@/lib/domain/context";
import { hashSecret, parseApiKey, secretMatches } from "./api-key-format";
import { isCounting, rateCountUpsertSql, rateLimitRefusal, rateLimitsFromEnv, type RateLimits } from "./rate-limits";

export type ApiKeyContext = DomainContext & {
  apiKeyId: number;
  /** present when the request carried a token issued for the key (SMS.to's OAuth mode) rather than the key */
  token?: { expiresInMinutes: number };
};

const INVALID_KEY = "Invalid or revoked API key.";
const INACTIVE_ACCOUNT = "The account is suspended or closed.";
// Compared against when no row matches, so that an unknown key id costs the same hashing as a wrong secret.
const NO_ROW_HASH = hashSecret("no such key");

/** Every refusal of a key that does not exist, does not match, is revoked or has expired: they read the same. */
export class InvalidApiKeyError extends UnauthenticatedError {
  constructor() {
    super(INVALID_KEY);
  }
}

const keySql = (where: string) => `
  SELECT k.id, k.tenant_id, k.account_id, k.secret_hash, a.currency,
         k.revoked_at IS NULL AND (k.expires_at IS NULL OR k.expires_at > now()) AS is_usable,
         NOT EXISTS (
           SELECT 1 FROM account p WHERE p.tenant_id = a.tenant_id AND p.id = ANY (a.path) AND p.status <> 'active'
         ) AS is_chain_active,
         k.last_used_at IS NULL OR k.last_used_at < now() - interval '1 minute' AS is_use_stale
    FROM api_key k
    JOIN account a ON a.tenant_id = k.tenant_id AND a.id = k.account_id AND a.kind = 'customer'
   WHERE ${where}`;
const KEY_SQL = keySql("k.key_id = $1");
/** A token's key (verify-api-token.ts), found by its row id within its tenant: the primary key. */
const KEY_BY_ID_SQL = keySql("k.tenant_id = $1 AND k.id = $2");

/**
 * The same look-up, counting the request in the same round trip (rate-limits.ts). Only a request that
 * authenticates is counted (`isProven`: for a key, $2 is the SHA-256 of the secret given and the timing-safe
 * check in Node stays the one that decides; a token's signature was checked before), so a wrong key spends
 * nobody's budget. Each counter is one row per key or tenant: a new window ($3 seconds long, aligned on the
 * epoch, by the database's clock so that every instance agrees) resets it in place; greatest() keeps a statement that started just before the turn from resetting a newer window. The
 * tenant's row counts only what the key's limit ($4, 0 = none) let through. ON CONFLICT DO UPDATE serializes
 * concurrent requests on the row and each sees the previous one's count, so no request is lost or counted twice;
 * the key's row is always locked before the tenant's, so two requests cannot deadlock.
 */
const countedSql = (keyLookup: string, isProven: string) => `
  WITH key AS (${keyLookup}),
  counted_key AS (${rateCountUpsertSql(
    `SELECT key.tenant_id, 'api_key', key.id, date_bin(make_interval(secs => $3), now(), timestamptz 'epoch'), 1
      FROM key
     WHERE ${isProven} AND key.is_usable AND key.is_chain_active`,
    "c.count, c.window_start",
  )}
  ),
  counted_tenant AS (${rateCountUpsertSql(
    `SELECT key.tenant_id, 'tenant', key.tenant_id, counted_key.window_start, 1
      FROM key, counted_key
     WHERE $4 = 0 OR counted_key.count <= $4`,
    "c.count",
  )}
  )
  SELECT key.*, counted_key.count AS key_count, counted_tenant.count AS tenant_count,
         extract(epoch FROM counted_key.window_start + make_interval(secs => $3) - now())::float8 AS window_left_seconds
    FROM key LEFT JOIN counted_key ON true LEFT JOIN counted_tenant ON true`;
const COUNTED_KEY_SQL = countedSql(KEY_SQL, "key.secret_hash = $2");
const COUNTED_KEY_BY_ID_SQL = countedSql(KEY_BY_ID_SQL, "true");

type KeyRow = {
  id: number;
  tenant_id: number;
  account_id: number;
  secret_hash: string;
  currency: string;
  is_usable: boolean;
  is_chain_active: boolean;
  is_use_stale: boolean;
  /** null unless counted (COUNTED_KEY_SQL) */
  key_count?: number | null;
  tenant_count?: number | null;
  window_left_seconds?: number | null;
};

/**
 * The context an API key acts in: its account's subtree with full rights (DESIGN.md §4). Nothing is cached, so
 * a revoke or a suspension takes effect on the next request; the key, its account and the account's chain
 * (every id in `path`, itself included) are read in one query. Only a caller who holds the right secret learns
 * that the account is inactive; every other refusal reads the same. The same query counts the request against
 * the key's and the tenant's rate limits (RateLimitedError past either).
 */
export async function authenticateApiKey(plaintext: string): Promise<ApiKeyContext> {
  const parsed = parseApiKey(plaintext);
  if (!parsed) throw new InvalidApiKeyError();
  const limits = rateLimitsFromEnv(process.env);
  const isCounted = isCounting(limits);
  // every API request runs this: plain pg, without an ORM's per-query work, in one round trip with the counting,
  // and as a named statement, prepared once per connection: planning the CTE cost PostgreSQL five times what
  // running it does (about 0.5 ms of CPU per request)
  const { rows: [row] } = await sqlPool().query<KeyRow>(
    isCounted
      ? { name: "authenticate_api_key_counted", text: COUNTED_KEY_SQL, values: [parsed.keyId, hashSecret(parsed.secret), limits.windowSeconds, limits.perKey] }
      : { name: "authenticate_api_key", text: KEY_SQL, values: [parsed.keyId] },
  );
  const isSecretRight = secretMatches(parsed.secret, row?.secret_hash ?? NO_ROW_HASH);
  if (!row || !isSecretRight) throw new InvalidApiKeyError();
  return contextOf(row, limits);
}

/**
 * For a caller that has already proven it holds key `apiKeyId` of `tenantId` (a token this app signed,
 * verify-api-token.ts): the same look-up, checks and counting as authenticateApiKey, without the secret.
 */
export async function authenticateApiKeyById(tenantId: number, apiKeyId: number): Promise<ApiKeyContext> {
  const limits = rateLimitsFromEnv(process.env);
  const { rows: [row] } = await sqlPool().query<KeyRow>(
    isCounting(limits)
      ? { name: "authenticate_api_key_by_id_counted", text: COUNTED_KEY_BY_ID_SQL, values: [tenantId, apiKeyId, limits.windowSeconds, limits.perKey] }
      : { name: "authenticate_api_key_by_id", text: KEY_BY_ID_SQL, values: [tenantId, apiKeyId] },
  );
  if (!row) throw new InvalidApiKeyError();
  return contextOf(row, limits);
}

/** The rules every authenticated request keeps, however the key was proven. */
function contextOf(row: KeyRow, limits: RateLimits): ApiKeyContext {
  const isCounted = isCounting(limits);
  if (!row.is_usable) throw new InvalidApiKeyError();
  if (!row.is_chain_active) throw new UnauthenticatedError(INACTIVE_ACCOUNT);
  if (row.is_use_stale) recordUse(row.tenant_id, row.id);
  if (isCounted && row.key_count != null) {
    const refusal = rateLimitRefusal(limits, { keyCount: row.key_count, tenantCount: row.tenant_count ?? null, windowLeftSeconds: row.window_left_seconds ?? 0 });
    if (refusal) throw refusal;
  }
  return {
    tenantId: row.tenant_id,
    accountId: row.account_id,
    role: "owner",
    actor: { type: "api_key", apiKeyId: row.id },
    currency: row.currency.trim(),
    apiKeyId: row.id,
  };
}

// Not awaited: the send path must not wait on (or fail because of) bookkeeping. The condition is repeated in the
// UPDATE so that concurrent requests write the row at most once a minute.
function recordUse(tenantId: number, id: number) {
  prisma.$executeRaw`
    UPDATE api_key SET last_used_at = now()
     WHERE tenant_id = ${tenantId} AND id = ${id}
       AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')`.catch((err: unknown) =>
    console.error("could not record an API key's last use", err),
  );
}
