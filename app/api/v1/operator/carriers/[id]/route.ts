import { z } from "zod";
import { operatorRoute } from "@/lib/api/operator";
import { readJsonBody } from "@/lib/api/native";
import { validate } from "@/lib/api/request-body";
import { idFromPath } from "@/lib/api/v1/common";
import {
  connectionJson,
  httpSettingsFromWire,
  httpSettingsToWire,
  httpSettingsWireSchema,
  smppSettingsFromWire,
  smppSettingsToWire,
  smppSettingsWireSchema,
  updateConnectionRequestSchema,
  withWireFieldNames,
} from "@/lib/api/v1/carriers";
import { ConflictError } from "@/lib/domain/errors";
import { getConnection } from "@/lib/domain/carriers/queries";
import { removeConnection } from "@/lib/domain/carriers/remove-connection";
import { updateConnection } from "@/lib/domain/carriers/update-connection";

type Params = { id: string };
const connectionIdOf = (params: Params) => idFromPath(params.id, "Carrier connection not found.");

export const GET = operatorRoute<Params>(async ({ params }) => connectionJson(await getConnection(connectionIdOf(params))));

/**
 * Changes what the body names and keeps the rest: the settings sent are laid over the stored ones, then the whole
 * is checked as a create would be. Secrets left out or empty stay.
 */
export const PATCH = operatorRoute<Params>(async ({ req, ctx, params }) => {
  const connectionId = connectionIdOf(params);
  const body = await readJsonBody(req, updateConnectionRequestSchema);
  const current = await getConnection(connectionId);
  if (current.kind === "sandbox") throw new ConflictError("sandbox_fixed", "The sandbox has no settings to change.");
  const common = { connectionId, name: body.name ?? current.name, failoverAfterSeconds: body.failover_after_seconds ?? current.failoverAfterSeconds };
  if (current.kind === "smpp") {
    const { settings } = await validate(z.object({ settings: smppSettingsWireSchema.strict() }), { settings: { ...(current.settings && smppSettingsToWire(current.settings)), ...body.settings } });
    await withWireFieldNames(() => updateConnection({ ctx, input: { ...common, kind: "smpp", settings: smppSettingsFromWire(settings), password: body.password } }));
  } else {
    const { settings } = await validate(z.object({ settings: httpSettingsWireSchema.strict() }), { settings: { ...(current.settings && httpSettingsToWire(current.settings)), ...body.settings } });
    await withWireFieldNames(() =>
      updateConnection({ ctx, input: { ...common, kind: "http", settings: httpSettingsFromWire(settings), apiKey: body.api_key, callbackSecret: body.callback_secret } }),
    );
  }
  return connectionJson(await getConnection(connectionId));
});

/** Removes it (refused while a route uses it or messages wait in its queue); the messages it carried keep its name. */
export const DELETE = operatorRoute<Params>(async ({ ctx, params }) => {
  await removeConnection({ ctx, input: { connectionId: connectionIdOf(params) } });
  return undefined;
});
