import { withTransaction } from "@/lib/db/transaction";
import { roleAllows, type DomainContext } from "@/lib/domain/context";
import { ForbiddenError } from "@/lib/domain/errors";
import { getAccountInSubtree } from "@/lib/domain/accounts/internal";
import { recordAudit } from "@/lib/domain/audit/record-audit";
import { changedFields } from "@/lib/domain/audit/changes";
import { balanceAlertSchema, type BalanceAlertInput } from "./schemas";

/**
 * Creates or replaces an account's low-balance alert. It starts armed according to the current balance, so
 * setting a threshold above today's balance mails at the next move, not at once.
 */
export async function setBalanceAlert({ ctx, input }: { ctx: DomainContext; input: BalanceAlertInput }) {
  if (!roleAllows(ctx.role, "owner")) throw new ForbiddenError("Only owners can change balance alerts.");
  const data = balanceAlertSchema.parse(input);
  return withTransaction(ctx, async (tx) => {
    const account = await getAccountInSubtree(tx, ctx, data.accountId);
    const [before] = await tx.$queryRaw<{ threshold: bigint; notifyMembers: boolean }[]>`
      SELECT threshold, notify_members AS "notifyMembers" FROM balance_alert
       WHERE tenant_id = ${ctx.tenantId} AND account_id = ${account.id} FOR UPDATE`;
    const fields = { threshold: data.threshold, notifyMembers: data.notifyMembers, isBelow: account.balance < data.threshold };
    const alert = await tx.balanceAlert.upsert({
      where: { tenantId_accountId: { tenantId: ctx.tenantId, accountId: account.id } },
      create: { tenantId: ctx.tenantId, accountId: account.id, ...fields },
      update: fields,
    });
    const after = { threshold: alert.threshold, notify_members: alert.notifyMembers };
    const changes = before ? changedFields({ threshold: before.threshold, notify_members: before.notifyMembers }, after) : changedFields({}, after);
    if (changes) await recordAudit(tx, ctx, { action: "balance_alert_set", accountId: account.id, before: before ? changes.before : null, after: changes.after });
    return alert;
  });
}
