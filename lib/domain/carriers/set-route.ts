import { withTransaction } from "@/lib/db/transaction";
import { ConflictError, NotFoundError, ValidationError } from "@/lib/domain/errors";
import type { OperatorContext } from "@/lib/domain/platform/operator-context";
import { recordOperatorAudit } from "@/lib/domain/platform/record-operator-audit";
import { notifyCarrierChange } from "./internal";
import { type SetRouteInput, setRouteSchema } from "./schemas";

/**
 * Creates or replaces a route: a destination and its connections in order (the first healthy one takes a
 * message, the next when it is paused, unbound too long, or refuses for a temporary reason).
 */
export async function setRoute({ ctx, input }: { ctx: OperatorContext; input: SetRouteInput }) {
  const data = setRouteSchema.parse(input);
  return withTransaction(ctx, async (tx) => {
    const connections = await tx.carrierConnection.findMany({ where: { id: { in: data.connectionIds }, removedAt: null }, select: { id: true, name: true } });
    if (connections.length !== data.connectionIds.length) throw new ValidationError("A chosen connection does not exist (removed?).", { connectionIds: ["Choose connections from the list."] });
    const names = new Map(connections.map((c) => [c.id, c.name]));
    const clash = await tx.carrierRoute.findUnique({ where: { destination: data.destination }, select: { id: true } });
    if (clash && clash.id !== data.routeId) throw new ConflictError("route_exists", `A route for ${data.destination} exists already: change that one.`);
    let before: { destination: string; connections: string } | null = null;
    let routeId: number;
    if (data.routeId) {
      const current = await tx.carrierRoute.findUnique({
        where: { id: data.routeId },
        select: { id: true, destination: true, connections: { orderBy: { position: "asc" }, select: { connection: { select: { name: true } } } } },
      });
      if (!current) throw new NotFoundError("Route not found.");
      before = { destination: current.destination, connections: current.connections.map((c) => c.connection.name).join(" → ") };
      await tx.carrierRouteConnection.deleteMany({ where: { routeId: current.id } });
      await tx.carrierRoute.update({ where: { id: current.id }, data: { destination: data.destination } });
      routeId = current.id;
    } else {
      routeId = (await tx.carrierRoute.create({ data: { destination: data.destination }, select: { id: true } })).id;
    }
    await tx.carrierRouteConnection.createMany({ data: data.connectionIds.map((connectionId, position) => ({ routeId, position, connectionId })) });
    const after = { destination: data.destination, connections: data.connectionIds.map((id) => names.get(id)).join(" → ") };
    await recordOperatorAudit(tx, ctx, { action: "carrier_route_set", before, after, detail: data.destination });
    await notifyCarrierChange(tx);
    return { id: routeId, ...after };
  });
}
