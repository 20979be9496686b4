import type { OperatorContext } from "./operator-context";
import { tenantIdSchema } from "./schemas";
import { setTenantStatus } from "./suspend-tenant";

/** Lifts a tenant's suspension: its users and keys work again at their next request. A closed tenant stays closed. */
export async function activateTenant({ ctx, input }: { ctx: OperatorContext; input: { tenantId: number } }) {
  return setTenantStatus(ctx, tenantIdSchema.parse(input.tenantId), "active");
}
