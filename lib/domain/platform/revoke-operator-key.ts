import { withTransaction } from "@/lib/db/transaction";
import { NotFoundError } from "@/lib/domain/errors";
import type { OperatorContext } from "./operator-context";
import { maskOperatorKey } from "./operator-key-format";
import { recordOperatorAudit } from "./record-operator-audit";
import { revokeOperatorKeySchema } from "./schemas";

/** Revokes an operator API key at once (the next request with it is refused). Revoking a revoked key changes nothing. */
export async function revokeOperatorKey({ ctx, input }: { ctx: OperatorContext; input: { keyId: number } }) {
  const { keyId } = revokeOperatorKeySchema.parse(input);
  return withTransaction(ctx, async (tx) => {
    const key = await tx.operatorApiKey.findUnique({ where: { id: keyId } });
    if (!key) throw new NotFoundError("API key not found.");
    if (key.revokedAt) return { id: key.id, revokedAt: key.revokedAt };
    const revoked = await tx.operatorApiKey.update({ where: { id: keyId }, data: { revokedAt: new Date() }, select: { id: true, revokedAt: true } });
    await recordOperatorAudit(tx, ctx, { action: "operator_key_revoked", before: { key: maskOperatorKey(key.keyId, key.lastFour), name: key.name } });
    return revoked;
  });
}
