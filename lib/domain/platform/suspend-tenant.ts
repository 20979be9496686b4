import { withTransaction } from "@/lib/db/transaction";
import { AccountStateError } from "@/lib/domain/errors";
import { lockTenant, recordTenantAuditByOperator } from "./internal";
import type { OperatorContext } from "./operator-context";
import { recordOperatorAudit } from "./record-operator-audit";
import { tenantIdSchema } from "./schemas";

/**
 * Suspends a whole tenant: its master account becomes suspended, and since every account's chain includes the
 * master, every user and API key of the tenant is refused at its next request, no message is sent and no money
 * leaves an account (DESIGN.md §2: as for an account). Balances, keys and logs stay; activateTenant undoes it.
 * Payments can still be recorded (money in is not money out).
 */
export async function suspendTenant({ ctx, input }: { ctx: OperatorContext; input: { tenantId: number } }) {
  return setTenantStatus(ctx, tenantIdSchema.parse(input.tenantId), "suspended");
}

export async function setTenantStatus(ctx: OperatorContext, tenantId: number, status: "active" | "suspended") {
  return withTransaction(ctx, async (tx) => {
    const master = await lockTenant(tx, tenantId);
    if (master.status === "closed") throw new AccountStateError("account_closed", `${master.name} is closed.`);
    if (master.status === status) return { tenantId, status, changed: false };
    await tx.account.update({ where: { tenantId_id: { tenantId, id: master.id } }, data: { status } });
    const action = status === "suspended" ? "tenant_suspended" : "tenant_activated";
    await recordOperatorAudit(tx, ctx, { action, tenantId, before: { status: master.status }, after: { status } });
    await recordTenantAuditByOperator(tx, ctx, tenantId, { action, accountId: master.id, before: { status: master.status }, after: { status } });
    return { tenantId, status, changed: true };
  });
}
