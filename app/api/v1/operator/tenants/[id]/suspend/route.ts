import { operatorRoute } from "@/lib/api/operator";
import { idFromPath } from "@/lib/api/v1/common";
import { tenantJson } from "@/lib/api/v1/operator";
import { getTenantDetail } from "@/lib/domain/platform/queries";
import { suspendTenant } from "@/lib/domain/platform/suspend-tenant";

type Params = { id: string };

/** Every user and key of the tenant is refused from their next request; balances, keys and logs stay. */
export const POST = operatorRoute<Params>(async ({ ctx, params }) => {
  const tenantId = idFromPath(params.id, "Tenant not found.");
  await suspendTenant({ ctx, input: { tenantId } });
  return tenantJson(await getTenantDetail(tenantId));
});
