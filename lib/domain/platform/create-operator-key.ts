import { withTransaction } from "@/lib/db/transaction";
import { ForbiddenError } from "@/lib/domain/errors";
import type { OperatorContext } from "./operator-context";
import { generateOperatorKey, maskOperatorKey } from "./operator-key-format";
import { recordOperatorAudit } from "./record-operator-audit";
import { createOperatorKeySchema } from "./schemas";

/** A new operator API key, made by a signed-in operator (a key does not mint keys). Its plaintext is returned once. */
export async function createOperatorKey({ ctx, input }: { ctx: OperatorContext; input: { name: string } }) {
  if (ctx.actor.type !== "user") throw new ForbiddenError("API keys are created by a signed-in operator.");
  const userId = ctx.actor.userId;
  const { name } = createOperatorKeySchema.parse(input);
  const generated = generateOperatorKey();
  return withTransaction(ctx, async (tx) => {
    const key = await tx.operatorApiKey.create({
      data: { keyId: generated.keyId, secretHash: generated.secretHash, lastFour: generated.lastFour, name, createdByUserId: userId },
      select: { id: true, name: true, createdAt: true },
    });
    const masked = maskOperatorKey(generated.keyId, generated.lastFour);
    await recordOperatorAudit(tx, ctx, { action: "operator_key_created", after: { key_id: key.id, name, key: masked } });
    return { id: key.id, name: key.name, masked, plaintext: generated.plaintext, createdAt: key.createdAt };
  });
}
