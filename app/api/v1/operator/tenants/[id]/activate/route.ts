import { operatorRoute } from "@/lib/api/operator";
import { idFromPath } from "@/lib/api/v1/common";
import { tenantJson } from "@/lib/api/v1/operator";
import { activateTenant } from "@/lib/domain/platform/activate-tenant";
import { getTenantDetail } from "@/lib/domain/platform/queries";

type Params = { id: string };

/** Lifts a suspension; a closed tenant stays closed (409). */
export const POST = operatorRoute<Params>(async ({ ctx, params }) => {
  const tenantId = idFromPath(params.id, "Tenant not found.");
  await activateTenant({ ctx, input: { tenantId } });
  return tenantJson(await getTenantDetail(tenantId));
});
