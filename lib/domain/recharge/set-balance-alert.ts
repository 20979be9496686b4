import { dbOf } from "@/lib/db/transaction";
import { roleAllows, type DomainContext } from "@/lib/domain/context";
import { ForbiddenError } from "@/lib/domain/errors";
import { getAccountInSubtree } from "@/lib/domain/accounts/internal";
import { balanceAlertSchema, type BalanceAlertInput } from "./schemas";

/**
 * Creates or replaces an account's low-balance alert. It starts armed according to the current balance, so
 * setting a threshold above today's balance mails at the next move, not at once.
 */
export async function setBalanceAlert({ ctx, input }: { ctx: DomainContext; input: BalanceAlertInput }) {
  if (!roleAllows(ctx.role, "owner")) throw new ForbiddenError("Only owners can change balance alerts.");
  const data = balanceAlertSchema.parse(input);
  const db = dbOf(ctx);
  const account = await getAccountInSubtree(db, ctx, data.accountId);
  const fields = { threshold: data.threshold, notifyMembers: data.notifyMembers, isBelow: account.balance < data.threshold };
  return db.balanceAlert.upsert({
    where: { tenantId_accountId: { tenantId: ctx.tenantId, accountId: account.id } },
    create: { tenantId: ctx.tenantId, accountId: account.id, ...fields },
    update: fields,
  });
}
