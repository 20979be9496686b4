import { operatorRoute } from "@/lib/api/operator";
import { readJsonBody } from "@/lib/api/native";
import { jsonResponse } from "@/lib/api/json";
import { routeJson, setRouteRequestSchema, withWireFieldNames } from "@/lib/api/v1/carriers";
import { getRoute, listRoutes } from "@/lib/domain/carriers/queries";
import { setRoute } from "@/lib/domain/carriers/set-route";

/** Every route, in matching order. */
export const GET = operatorRoute(async () => {
  const list = await listRoutes();
  return { data: list.rows.map(routeJson), total: list.total };
});

/** Adds a route; a destination that has one already is a 409 (change that one). */
export const POST = operatorRoute(async ({ req, ctx }) => {
  const body = await readJsonBody(req, setRouteRequestSchema);
  const route = await withWireFieldNames(() => setRoute({ ctx, input: { destination: body.destination, connectionIds: body.connection_ids } }));
  return jsonResponse(routeJson(await getRoute(route.id)), { status: 201, headers: { location: `/api/v1/operator/carrier-routes/${route.id}` } });
});
