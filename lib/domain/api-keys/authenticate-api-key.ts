import { prisma } from "@/lib/db/client";
import { sqlPool } from "@/lib/db/pool";
import { UnauthenticatedError } from "@/lib/domain/errors";
import type { DomainContext } from "@/lib/domain/context";
import { hashSecret, parseApiKey, secretMatches } from "./api-key-format";

export type ApiKeyContext = DomainContext & { apiKeyId: number };

const INVALID_KEY = "Invalid or revoked API key.";
const INACTIVE_ACCOUNT = "The account is suspended or closed.";
// Compared against when no row matches, so that an unknown key id costs the same hashing as a wrong secret.
const NO_ROW_HASH = hashSecret("no such key");

const KEY_SQL = `
  SELECT k.id, k.tenant_id, k.account_id, k.secret_hash, a.currency,
         k.revoked_at IS NULL AND (k.expires_at IS NULL OR k.expires_at > now()) AS is_usable,
         NOT EXISTS (
           SELECT 1 FROM account p WHERE p.tenant_id = a.tenant_id AND p.id = ANY (a.path) AND p.status <> 'active'
         ) AS is_chain_active,
         k.last_used_at IS NULL OR k.last_used_at < now() - interval '1 minute' AS is_use_stale
    FROM api_key k
    JOIN account a ON a.tenant_id = k.tenant_id AND a.id = k.account_id AND a.kind = 'customer'
   WHERE k.key_id = $1`;

type KeyRow = {
  id: number;
  tenant_id: number;
  account_id: number;
  secret_hash: string;
  currency: string;
  is_usable: boolean;
  is_chain_active: boolean;
  is_use_stale: boolean;
};

/**
 * The context an API key acts in: its account's subtree with full rights (DESIGN.md §4). Nothing is cached, so
 * a revoke or a suspension takes effect on the next request; the key, its account and the account's chain
 * (every id in `path`, itself included) are read in one query. Only a caller who holds the right secret learns
 * that the account is inactive; every other refusal reads the same.
 */
export async function authenticateApiKey(plaintext: string): Promise<ApiKeyContext> {
  const parsed = parseApiKey(plaintext);
  if (!parsed) throw new UnauthenticatedError(INVALID_KEY);
  // every API request runs this: plain pg, without an ORM's per-query work
  const { rows: [row] } = await sqlPool().query<KeyRow>(KEY_SQL, [parsed.keyId]);
  const isSecretRight = secretMatches(parsed.secret, row?.secret_hash ?? NO_ROW_HASH);
  if (!row || !isSecretRight || !row.is_usable) throw new UnauthenticatedError(INVALID_KEY);
  if (!row.is_chain_active) throw new UnauthenticatedError(INACTIVE_ACCOUNT);
  if (row.is_use_stale) recordUse(row.tenant_id, row.id);
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
