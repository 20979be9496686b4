import type { DbClient } from "@/lib/db/client";
import { recordAudit, type AuditEntry } from "@/lib/domain/audit/record-audit";
import { NotFoundError } from "@/lib/domain/errors";
import type { OperatorContext } from "./operator-context";

/** A tenant and its master account, locked (FOR UPDATE on the master) for a change of its status or money. */
export async function lockTenant(tx: DbClient, tenantId: number) {
  const [master] = await tx.$queryRaw<{ id: number; name: string; status: "active" | "suspended" | "closed"; balance: bigint; currency: string }[]>`
    SELECT a.id, a.name, a.status::text AS status, a.balance, trim(a.currency) AS currency
      FROM account a WHERE a.tenant_id = ${tenantId} AND a.id = ${tenantId} AND a.kind = 'customer' AND a.parent_id IS NULL
       FOR UPDATE`;
  if (!master) throw new NotFoundError("Tenant not found.");
  return master;
}

/** A tenant and its master, or NotFound. */
export async function getTenantMaster(db: DbClient, tenantId: number) {
  const master = await db.account.findFirst({
    where: { tenantId, id: tenantId, kind: "customer", parentId: null },
    select: { id: true, name: true, status: true, balance: true, currency: true },
  });
  if (!master) throw new NotFoundError("Tenant not found.");
  return { ...master, currency: master.currency.trim() };
}

/**
 * The row an operator's action leaves in the tenant's own audit log, so that its owners see who suspended them
 * or recorded a payment: the operator's user id when signed in (no tenant user has it), and the label always.
 */
export async function recordTenantAuditByOperator(tx: DbClient, ctx: OperatorContext, tenantId: number, entry: Omit<AuditEntry, "actorLabel">) {
  await recordAudit(tx, { tenantId, actor: ctx.actor, request: ctx.request }, { ...entry, actorLabel: `Platform operator: ${ctx.label}` });
}
