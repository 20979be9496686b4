import { withTransaction } from "@/lib/db/transaction";
import { roleAllows, type DomainContext } from "@/lib/domain/context";
import { ConflictError, ForbiddenError } from "@/lib/domain/errors";
import { maskApiKey } from "./api-key-format";
import { recordAudit } from "@/lib/domain/audit/record-audit";
import { apiKeyStatusOf, getApiKeyForUpdate, insertApiKey } from "./internal";
import { rotateApiKeySchema, type RotateApiKeyInput } from "./schemas";

/**
 * Replaces a key: a new key with the same name on the same account (its plaintext returned once), and the old
 * one set to expire after the grace period the caller chose (0: at once), so that integrations can switch over.
 * A revoked, expired or already rotated key is refused.
 */
export async function rotateApiKey({ ctx, input }: { ctx: DomainContext; input: RotateApiKeyInput }) {
  if (!roleAllows(ctx.role, "admin")) throw new ForbiddenError("Only owners and admins can rotate API keys.");
  const { accountId, apiKeyId, graceSeconds } = rotateApiKeySchema.parse(input);
  return withTransaction(ctx, async (tx) => {
    // locked, so that two rotations of one key cannot both make a successor, and a revoke waits its turn
    const { key } = await getApiKeyForUpdate(tx, ctx, accountId, apiKeyId);
    const status = apiKeyStatusOf(key, key.now);
    if (status === "revoked") throw new ConflictError("api_key_revoked", "This key is revoked, so it cannot be rotated. Create a new key instead.");
    if (status === "expired") throw new ConflictError("api_key_expired", "This key has expired, so it cannot be rotated. Create a new key instead.");
    if (status === "expiring") {
      throw new ConflictError(
        "api_key_already_rotated",
        `This key was already rotated and stops working at ${key.expiresAt!.toISOString().slice(0, 16).replace("T", " ")} UTC. Rotate its replacement, or revoke this one to end it now.`,
      );
    }
    // The database's clock, the one authenticateApiKey compares with. Truncated to the column's milliseconds
    // (storing rounds to nearest), so that a grace of 0 never lands a fraction of a millisecond in the future.
    const [{ expiresAt }] = await tx.$queryRaw<{ expiresAt: Date }[]>`
      UPDATE api_key SET expires_at = date_trunc('milliseconds', now()) + ${graceSeconds}::int * interval '1 second'
       WHERE tenant_id = ${ctx.tenantId} AND id = ${key.id}
      RETURNING expires_at AS "expiresAt"`;
    const created = await insertApiKey(tx, ctx, { accountId: key.accountId, name: key.name });
    const masked = maskApiKey(key.keyId, key.lastFour);
    await recordAudit(tx, ctx, {
      action: "api_key_rotated",
      accountId: key.accountId,
      before: { expires_at: null },
      after: { expires_at: expiresAt.toISOString(), replaced_by_api_key_id: created.id, replaced_by: created.masked },
      detail: `Key "${key.name}" (#${key.id}, ${masked})`,
    });
    return {
      replaced: { id: key.id, name: key.name, masked, expiresAt },
      created,
    };
  });
}
