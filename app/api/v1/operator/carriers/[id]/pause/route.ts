import { connectionPausedRoute } from "@/lib/api/carrier-pause-route";

/** Its owner unbinds; its routes fail over to their next connection, and what waits in its queue moves there. */
export const POST = connectionPausedRoute(true);
