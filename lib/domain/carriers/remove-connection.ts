import { withTransaction } from "@/lib/db/transaction";
import { ConflictError } from "@/lib/domain/errors";
import type { OperatorContext } from "@/lib/domain/platform/operator-context";
import { recordOperatorAudit } from "@/lib/domain/platform/record-operator-audit";
import { lockConnection, notifyCarrierChange } from "./internal";
import { connectionIdSchema } from "./schemas";

/**
 * Removes a connection: its owner unbinds and its secrets are erased. The row stays, so the messages it carried
 * still name it. Refused while a route names it or messages wait in its queue: nothing is stranded.
 */
export async function removeConnection({ ctx, input }: { ctx: OperatorContext; input: { connectionId: number } }) {
  const { connectionId } = connectionIdSchema.parse(input);
  return withTransaction(ctx, async (tx) => {
    const current = await lockConnection(tx, connectionId);
    if (current.kind === "sandbox") throw new ConflictError("connection_in_use", "The sandbox stays: pause it, or route no destination to it.");
    const routes = await tx.carrierRoute.findMany({ where: { connections: { some: { connectionId } } }, select: { destination: true }, orderBy: { destination: "asc" } });
    if (routes.length) {
      throw new ConflictError("connection_in_use", `Routes use ${current.name} (${routes.map((r) => r.destination).join(", ")}): take it out of them first.`);
    }
    const waiting = await tx.carrierQueue.count({ where: { connectionId } });
    if (waiting) throw new ConflictError("connection_in_use", `${waiting} message(s) wait in ${current.name}'s queue: pause it so they move on, then remove it.`);
    await tx.carrierConnection.update({
      where: { id: connectionId },
      data: { removedAt: new Date(), paused: true, secretSealed: null, callbackSecretSealed: null, callbackToken: null },
    });
    await recordOperatorAudit(tx, ctx, { action: "carrier_connection_removed", before: { name: current.name, kind: current.kind }, detail: current.name });
    await notifyCarrierChange(tx);
    return { id: connectionId, removed: true };
  });
}
