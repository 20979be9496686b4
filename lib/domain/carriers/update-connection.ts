import { withTransaction } from "@/lib/db/transaction";
import { ValidationError } from "@/lib/domain/errors";
import type { OperatorContext } from "@/lib/domain/platform/operator-context";
import { recordOperatorAudit } from "@/lib/domain/platform/record-operator-audit";
import { sealCarrierSecret } from "./carrier-secrets";
import { assertNameFree } from "./connection-name";
import { auditedSettings, lockConnection, notifyCarrierChange } from "./internal";
import { type UpdateConnectionInput, updateConnectionSchema } from "./schemas";

/**
 * Changes a connection's settings; a secret left empty stays as it was. Its owner rebinds with the new settings
 * (the supervisor sees updated_at move); messages waiting in its queue stay there.
 */
export async function updateConnection({ ctx, input }: { ctx: OperatorContext; input: UpdateConnectionInput }) {
  const data = updateConnectionSchema.parse(input);
  const secret = data.kind === "smpp" ? data.password : data.apiKey;
  const secretSealed = secret ? sealCarrierSecret(secret) : undefined;
  const callbackSecretSealed = data.kind === "http" && data.callbackSecret ? sealCarrierSecret(data.callbackSecret) : undefined;
  return withTransaction(ctx, async (tx) => {
    const current = await lockConnection(tx, data.connectionId);
    if (current.kind !== data.kind) throw new ValidationError(`This is ${current.kind === "sandbox" ? "the sandbox" : `an ${current.kind.toUpperCase()} connection`}: its kind cannot change.`);
    await assertNameFree(tx, data.name, current.id);
    const before = await tx.carrierConnection.findUniqueOrThrow({ where: { id: current.id }, select: { name: true, kind: true, failoverAfterSeconds: true, settings: true } });
    const connection = await tx.carrierConnection.update({
      where: { id: current.id },
      data: { name: data.name, settings: data.settings, failoverAfterSeconds: data.failoverAfterSeconds, secretSealed, callbackSecretSealed },
      select: { id: true, name: true, kind: true },
    });
    await recordOperatorAudit(tx, ctx, {
      action: "carrier_connection_updated",
      before: auditedSettings(before),
      after: { ...auditedSettings(data), secretChanged: Boolean(secretSealed || callbackSecretSealed) },
      detail: connection.name,
    });
    await notifyCarrierChange(tx);
    return connection;
  });
}
