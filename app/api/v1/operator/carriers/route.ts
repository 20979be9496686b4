import { operatorRoute } from "@/lib/api/operator";
import { readJsonBody } from "@/lib/api/native";
import { jsonResponse } from "@/lib/api/json";
import { connectionJson, createConnectionRequestSchema, httpSettingsFromWire, smppSettingsFromWire, withWireFieldNames } from "@/lib/api/v1/carriers";
import { createConnection } from "@/lib/domain/carriers/create-connection";
import { getConnection, listConnections } from "@/lib/domain/carriers/queries";

/** Every connection (the sandbox included) with its live state. */
export const GET = operatorRoute(async () => {
  const list = await listConnections();
  return { data: list.rows.map(connectionJson), total: list.total };
});

/** Adds an SMPP or HTTP connection; it takes traffic once a route names it. */
export const POST = operatorRoute(async ({ req, ctx }) => {
  const body = await readJsonBody(req, createConnectionRequestSchema);
  const common = { name: body.name, failoverAfterSeconds: body.failover_after_seconds };
  const created = await withWireFieldNames(() =>
    createConnection({
      ctx,
      input: body.kind === "smpp"
        ? { ...common, kind: "smpp", settings: smppSettingsFromWire(body.settings), password: body.password }
        : { ...common, kind: "http", settings: httpSettingsFromWire(body.settings), apiKey: body.api_key, callbackSecret: body.callback_secret },
    }),
  );
  return jsonResponse(connectionJson(await getConnection(created.id)), { status: 201, headers: { location: `/api/v1/operator/carriers/${created.id}` } });
});
