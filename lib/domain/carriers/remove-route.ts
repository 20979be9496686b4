import { withTransaction } from "@/lib/db/transaction";
import { NotFoundError } from "@/lib/domain/errors";
import type { OperatorContext } from "@/lib/domain/platform/operator-context";
import { recordOperatorAudit } from "@/lib/domain/platform/record-operator-audit";
import { notifyCarrierChange } from "./internal";
import { routeIdSchema } from "./schemas";

/** Removes a route; its destination falls to a shorter prefix, its country, '*', or no route (sends refused). */
export async function removeRoute({ ctx, input }: { ctx: OperatorContext; input: { routeId: number } }) {
  const { routeId } = routeIdSchema.parse(input);
  return withTransaction(ctx, async (tx) => {
    const route = await tx.carrierRoute.findUnique({ where: { id: routeId }, select: { id: true, destination: true } });
    if (!route) throw new NotFoundError("Route not found.");
    await tx.carrierRoute.delete({ where: { id: route.id } });
    await recordOperatorAudit(tx, ctx, { action: "carrier_route_removed", before: { destination: route.destination }, detail: route.destination });
    await notifyCarrierChange(tx);
    return { id: route.id, removed: true };
  });
}
