"use server";

import { revalidatePath } from "next/cache";
import { defineOperatorAction } from "@/lib/actions/define-operator-action";
import { createConnection } from "@/lib/domain/carriers/create-connection";
import { removeConnection } from "@/lib/domain/carriers/remove-connection";
import { removeRoute } from "@/lib/domain/carriers/remove-route";
import { connectionIdSchema, createConnectionSchema, pauseConnectionSchema, routeIdSchema, setRouteSchema, updateConnectionSchema } from "@/lib/domain/carriers/schemas";
import { setConnectionPaused } from "@/lib/domain/carriers/set-connection-paused";
import { setRoute } from "@/lib/domain/carriers/set-route";
import { testConnection } from "@/lib/domain/carriers/test-connection";
import { updateConnection } from "@/lib/domain/carriers/update-connection";

// The carriers pages of the operators' console: each action checks for an operator session, then runs one verb.
const revalidateCarriers = () => revalidatePath("/operator/carriers", "layout");

export const createConnectionAction = defineOperatorAction({
  name: "createConnection",
  schema: createConnectionSchema,
  run: async (input, ctx) => {
    const connection = await createConnection({ ctx, input });
    revalidateCarriers();
    return connection;
  },
});

export const updateConnectionAction = defineOperatorAction({
  name: "updateConnection",
  schema: updateConnectionSchema,
  run: async (input, ctx) => {
    const connection = await updateConnection({ ctx, input });
    revalidateCarriers();
    return connection;
  },
});

export const setConnectionPausedAction = defineOperatorAction({
  name: "setConnectionPaused",
  schema: pauseConnectionSchema,
  run: async (input, ctx) => {
    const result = await setConnectionPaused({ ctx, input });
    revalidateCarriers();
    return result;
  },
});

export const removeConnectionAction = defineOperatorAction({
  name: "removeConnection",
  schema: connectionIdSchema,
  run: async (input, ctx) => {
    const result = await removeConnection({ ctx, input });
    revalidateCarriers();
    return result;
  },
});

/** Changes nothing (a bind or a balance request apart from the live link): no revalidation. */
export const testConnectionAction = defineOperatorAction({
  name: "testConnection",
  schema: connectionIdSchema,
  run: (input, ctx) => testConnection({ ctx, input }),
});

export const setRouteAction = defineOperatorAction({
  name: "setRoute",
  schema: setRouteSchema,
  run: async (input, ctx) => {
    const route = await setRoute({ ctx, input });
    revalidateCarriers();
    return route;
  },
});

export const removeRouteAction = defineOperatorAction({
  name: "removeRoute",
  schema: routeIdSchema,
  run: async (input, ctx) => {
    const result = await removeRoute({ ctx, input });
    revalidateCarriers();
    return result;
  },
});
