import { withTransaction } from "@/lib/db/transaction";
import type { OperatorContext } from "@/lib/domain/platform/operator-context";
import { recordOperatorAudit } from "@/lib/domain/platform/record-operator-audit";
import { lockConnection, notifyCarrierChange } from "./internal";
import { pauseConnectionSchema } from "./schemas";

/**
 * Pauses a connection (its owner unbinds; its routes fail over to their next connection, and what waits in its
 * queue moves there) or resumes it.
 */
export async function setConnectionPaused({ ctx, input }: { ctx: OperatorContext; input: { connectionId: number; paused: boolean } }) {
  const { connectionId, paused } = pauseConnectionSchema.parse(input);
  return withTransaction(ctx, async (tx) => {
    const current = await lockConnection(tx, connectionId);
    if (current.paused === paused) return { id: current.id, paused, changed: false };
    await tx.carrierConnection.update({ where: { id: current.id }, data: { paused } });
    await recordOperatorAudit(tx, ctx, {
      action: paused ? "carrier_connection_paused" : "carrier_connection_resumed",
      before: { paused: current.paused },
      after: { paused },
      detail: current.name,
    });
    await notifyCarrierChange(tx);
    return { id: current.id, paused, changed: true };
  });
}
