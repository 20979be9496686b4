import { operatorRoute } from "@/lib/api/operator";
import { idFromPath } from "@/lib/api/v1/common";
import { tenantJson } from "@/lib/api/v1/operator";
import { getTenantDetail } from "@/lib/domain/platform/queries";

type Params = { id: string };

export const GET = operatorRoute<Params>(async ({ params }) => tenantJson(await getTenantDetail(idFromPath(params.id, "Tenant not found."))));
