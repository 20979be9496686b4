import { operatorRoute } from "@/lib/api/operator";
import { idFromPath } from "@/lib/api/v1/common";
import { connectionJson } from "@/lib/api/v1/carriers";
import { getConnection } from "@/lib/domain/carriers/queries";
import { setConnectionPaused } from "@/lib/domain/carriers/set-connection-paused";

/** POST …/carriers/{id}/pause and …/resume: one verb, the connection as it is after. */
export function connectionPausedRoute(paused: boolean) {
  return operatorRoute<{ id: string }>(async ({ ctx, params }) => {
    const connectionId = idFromPath(params.id, "Carrier connection not found.");
    await setConnectionPaused({ ctx, input: { connectionId, paused } });
    return connectionJson(await getConnection(connectionId));
  });
}
