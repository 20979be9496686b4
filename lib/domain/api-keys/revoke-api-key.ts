import { withTransaction } from "@/lib/db/transaction";
import { roleAllows, type DomainContext } from "@/lib/domain/context";
import { ForbiddenError } from "@/lib/domain/errors";
import { recordAudit } from "@/lib/domain/audit/record-audit";
import { maskApiKey } from "./api-key-format";
import { getApiKeyForUpdate } from "./internal";
import { apiKeyActionSchema, type ApiKeyActionInput } from "./schemas";

/**
 * Ends a key now: authenticateApiKey reads the row on every request, so the next request with it is refused.
 * Revoking a revoked key changes nothing and succeeds (the first revocation time stays).
 */
export async function revokeApiKey({ ctx, input }: { ctx: DomainContext; input: ApiKeyActionInput }) {
  if (!roleAllows(ctx.role, "admin")) throw new ForbiddenError("Only owners and admins can revoke API keys.");
  const { accountId, apiKeyId } = apiKeyActionSchema.parse(input);
  return withTransaction(ctx, async (tx) => {
    const { key } = await getApiKeyForUpdate(tx, ctx, accountId, apiKeyId);
    const summary = { id: key.id, name: key.name, masked: maskApiKey(key.keyId, key.lastFour) };
    if (key.revokedAt) return { ...summary, revokedAt: key.revokedAt, wasAlreadyRevoked: true };
    const row = await tx.apiKey.update({
      where: { tenantId_id: { tenantId: ctx.tenantId, id: key.id } },
      data: { revokedAt: key.now },
      select: { revokedAt: true },
    });
    await recordAudit(tx, ctx, {
      action: "api_key_revoked",
      accountId: key.accountId,
      before: { revoked_at: null },
      after: { revoked_at: row.revokedAt!.toISOString() },
      detail: `Key "${key.name}" (#${key.id}, ${summary.masked})`,
    });
    return { ...summary, revokedAt: row.revokedAt!, wasAlreadyRevoked: false };
  });
}
