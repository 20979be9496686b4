import type { DbClient } from "@/lib/db/client";
import { getAccountInSubtree } from "@/lib/domain/accounts/internal";
import type { DomainContext } from "@/lib/domain/context";
import { NotFoundError } from "@/lib/domain/errors";
import { generateApiKey, maskApiKey, type GeneratedApiKey } from "./api-key-format";
import type { ApiKeyStatus } from "./schemas";

/**
 * `expired` and `expiring` are not stored: a key with an expiry (set by a rotation) is expiring until then and
 * expired after. A revoked key reads as revoked whatever its expiry.
 */
export function apiKeyStatusOf(row: { revokedAt: Date | null; expiresAt: Date | null }, now: Date): ApiKeyStatus {
  if (row.revokedAt) return "revoked";
  if (!row.expiresAt) return "active";
  return row.expiresAt.getTime() <= now.getTime() ? "expired" : "expiring";
}

type LockedKey = {
  id: number;
  accountId: number;
  name: string;
  keyId: string;
  lastFour: string;
  expiresAt: Date | null;
  revokedAt: Date | null;
  /** the database's clock: the one `authenticateApiKey` compares `expires_at` with */
  now: Date;
};

/**
 * Locks a key of `accountId`, an account in the caller's subtree (FOR UPDATE: a rotation and a revoke of one key
 * take turns), or throws NotFoundError: another account's, branch's or tenant's key id reads as missing.
 */
export async function getApiKeyForUpdate(tx: DbClient, ctx: Pick<DomainContext, "tenantId" | "accountId">, accountId: number, apiKeyId: number) {
  const account = await getAccountInSubtree(tx, ctx, accountId);
  const [key] = await tx.$queryRaw<LockedKey[]>`
    SELECT id, account_id AS "accountId", name, key_id AS "keyId", last_four AS "lastFour",
           expires_at AS "expiresAt", revoked_at AS "revokedAt", now() AS now
      FROM api_key
     WHERE tenant_id = ${ctx.tenantId} AND account_id = ${account.id} AND id = ${apiKeyId}
       FOR UPDATE`;
  if (!key) throw new NotFoundError("API key not found.");
  return { key, account };
}

/**
 * Stores a new key (only the hash of its secret) for an account the caller already fetched in its subtree, and
 * returns the plaintext once. The verbs that make a key (createApiKey, rotateApiKey, createMember) check the
 * role and audit what they did; this only writes the row.
 */
export async function insertApiKey(
  db: DbClient,
  ctx: Pick<DomainContext, "tenantId" | "actor">,
  input: { accountId: number; name: string },
  generated: GeneratedApiKey = generateApiKey(),
) {
  const row = await db.apiKey.create({
    data: {
      tenantId: ctx.tenantId,
      accountId: input.accountId,
      keyId: generated.keyId,
      secretHash: generated.secretHash,
      lastFour: generated.lastFour,
      name: input.name,
      createdByUserId: ctx.actor.type === "user" ? ctx.actor.userId : null,
    },
  });
  return { id: row.id, name: row.name, masked: maskApiKey(row.keyId, row.lastFour), plaintext: generated.plaintext };
}
