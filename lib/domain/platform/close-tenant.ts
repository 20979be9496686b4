import { withTransaction } from "@/lib/db/transaction";
import { AccountStateError, ConflictError } from "@/lib/domain/errors";
import { formatExact } from "@/lib/money";
import { lockTenant, recordTenantAuditByOperator } from "./internal";
import type { OperatorContext } from "./operator-context";
import { recordOperatorAudit } from "./record-operator-audit";
import { tenantIdSchema } from "./schemas";

/**
 * Closes an empty tenant: no open member account and nothing on the master's balance (money in a tenant belongs
 * to its customers: it is refunded or spent before the tenant closes). The master becomes closed, so every user
 * is cut off; every API key and pending invitation is revoked. Rows and history stay; a closed tenant does not
 * reopen (a closed account never does).
 */
export async function closeTenant({ ctx, input }: { ctx: OperatorContext; input: { tenantId: number } }) {
  const tenantId = tenantIdSchema.parse(input.tenantId);
  return withTransaction(ctx, async (tx) => {
    const master = await lockTenant(tx, tenantId);
    if (master.status === "closed") throw new AccountStateError("account_closed", `${master.name} is already closed.`);
    const openMembers = await tx.account.count({ where: { tenantId, kind: "customer", parentId: { not: null }, status: { not: "closed" } } });
    if (openMembers > 0) {
      throw new ConflictError("tenant_not_empty", `${master.name} still has ${openMembers} open member account${openMembers === 1 ? "" : "s"}: its owners close them first.`);
    }
    if (master.balance !== 0n) {
      throw new ConflictError("tenant_not_empty", `${master.name} still holds ${formatExact(master.balance, master.currency)}: it must be spent or refunded before the tenant closes.`);
    }
    const now = new Date();
    await tx.account.update({ where: { tenantId_id: { tenantId, id: master.id } }, data: { status: "closed" } });
    const keys = await tx.apiKey.updateMany({ where: { tenantId, revokedAt: null }, data: { revokedAt: now } });
    const invitations = await tx.invitation.updateMany({ where: { tenantId, status: "pending" }, data: { status: "revoked", revokedAt: now } });
    const detail = `${keys.count} API key${keys.count === 1 ? "" : "s"} and ${invitations.count} pending invitation${invitations.count === 1 ? "" : "s"} revoked`;
    await recordOperatorAudit(tx, ctx, { action: "tenant_closed", tenantId, before: { status: master.status }, after: { status: "closed" }, detail });
    await recordTenantAuditByOperator(tx, ctx, tenantId, { action: "tenant_closed", accountId: master.id, before: { status: master.status }, after: { status: "closed" }, detail });
    return { tenantId, revokedKeys: keys.count, revokedInvitations: invitations.count };
  });
}
