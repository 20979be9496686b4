import { connectionPausedRoute } from "@/lib/api/carrier-pause-route";

/** An instance's supervisor takes it again and binds within seconds. */
export const POST = connectionPausedRoute(false);
