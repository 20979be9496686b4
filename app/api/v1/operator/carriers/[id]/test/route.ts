import { operatorRoute } from "@/lib/api/operator";
import { idFromPath } from "@/lib/api/v1/common";
import { testConnection } from "@/lib/domain/carriers/test-connection";

type Params = { id: string };

/** A fresh bind (SMPP) or a balance request (HTTP) with the saved settings; nothing is sent. */
export const POST = operatorRoute<Params>(async ({ ctx, params }) => testConnection({ ctx, input: { connectionId: idFromPath(params.id, "Carrier connection not found.") } }));
