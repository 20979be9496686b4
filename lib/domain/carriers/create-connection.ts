import { randomBytes } from "node:crypto";
import { withTransaction } from "@/lib/db/transaction";
import type { OperatorContext } from "@/lib/domain/platform/operator-context";
import { recordOperatorAudit } from "@/lib/domain/platform/record-operator-audit";
import { sealCarrierSecret } from "./carrier-secrets";
import { auditedSettings, notifyCarrierChange } from "./internal";
import { type CreateConnectionInput, createConnectionSchema } from "./schemas";
import { assertNameFree } from "./connection-name";

/**
 * Adds a carrier connection (SMPP or an HTTP upstream). Its secrets are sealed at once and never shown again;
 * it takes traffic once a route names it, and the supervisor of one instance binds it within seconds.
 */
export async function createConnection({ ctx, input }: { ctx: OperatorContext; input: CreateConnectionInput }) {
  const data = createConnectionSchema.parse(input);
  // sealed before the transaction: a missing CARRIER_SECRET_KEY refuses with nothing written
  const secretSealed = sealCarrierSecret(data.kind === "smpp" ? data.password : data.apiKey);
  const callbackSecretSealed = data.kind === "http" && data.callbackSecret ? sealCarrierSecret(data.callbackSecret) : null;
  return withTransaction(ctx, async (tx) => {
    await assertNameFree(tx, data.name);
    const connection = await tx.carrierConnection.create({
      data: {
        name: data.name,
        kind: data.kind,
        settings: data.settings,
        failoverAfterSeconds: data.failoverAfterSeconds,
        secretSealed,
        callbackSecretSealed,
        callbackToken: data.kind === "http" ? randomBytes(24).toString("base64url") : null,
      },
      select: { id: true, name: true, kind: true },
    });
    await recordOperatorAudit(tx, ctx, { action: "carrier_connection_created", after: auditedSettings(data), detail: connection.name });
    await notifyCarrierChange(tx);
    return connection;
  });
}
