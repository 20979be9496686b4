import { operatorRoute } from "@/lib/api/operator";
import { readJsonBody } from "@/lib/api/native";
import { idFromPath } from "@/lib/api/v1/common";
import { routeJson, setRouteRequestSchema, withWireFieldNames } from "@/lib/api/v1/carriers";
import { getRoute } from "@/lib/domain/carriers/queries";
import { removeRoute } from "@/lib/domain/carriers/remove-route";
import { setRoute } from "@/lib/domain/carriers/set-route";

type Params = { id: string };
const routeIdOf = (params: Params) => idFromPath(params.id, "Route not found.");

/** Replaces the route's destination and connections. */
export const PUT = operatorRoute<Params>(async ({ req, ctx, params }) => {
  const routeId = routeIdOf(params);
  const body = await readJsonBody(req, setRouteRequestSchema);
  await withWireFieldNames(() => setRoute({ ctx, input: { routeId, destination: body.destination, connectionIds: body.connection_ids } }));
  return routeJson(await getRoute(routeId));
});

/** Its destination falls to a shorter prefix, its country, '*', or no route. */
export const DELETE = operatorRoute<Params>(async ({ ctx, params }) => {
  await removeRoute({ ctx, input: { routeId: routeIdOf(params) } });
  return undefined;
});
