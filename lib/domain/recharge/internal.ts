import type { DbClient } from "@/lib/db/client";
import type { DomainContext } from "@/lib/domain/context";
import { ForbiddenError, ValidationError } from "@/lib/domain/errors";
import { roleAllows } from "@/lib/domain/context";
import { getAccountInSubtree } from "@/lib/domain/accounts/internal";
import { auditFields } from "@/lib/domain/audit/changes";

/**
 * The account whose recharge rule the caller may set: one strictly below the caller's own account, since the
 * rule spends the parent's money and the caller must hold that money (owners only). The master has no parent
 * inside the tenant, so it cannot have a rule.
 */
export async function getRechargeableAccount(db: DbClient, ctx: DomainContext, accountId: number) {
  if (!roleAllows(ctx.role, "owner")) throw new ForbiddenError("Only owners can change auto-recharge: it moves money.");
  const account = await getAccountInSubtree(db, ctx, accountId);
  if (account.parentId === null) throw new ValidationError("The master account cannot auto-recharge: it has no parent account to pay it. It is funded by the payments the platform records.");
  if (account.id === ctx.accountId) throw new ForbiddenError("An account's auto-recharge is set by the owners of the account above it.");
  return account;
}

export type RuleSettings = {
  enabled: boolean;
  threshold: bigint;
  amount: bigint | null;
  target: bigint | null;
  maxPerDay: number | null;
  maxAmountPerDay: bigint | null;
};

/** A rule's settings as the audit log names them (money as micro-unit strings). */
export function ruleAuditFields(rule: RuleSettings) {
  return auditFields({
    enabled: rule.enabled,
    threshold: rule.threshold,
    amount: rule.amount,
    target: rule.target,
    max_per_day: rule.maxPerDay,
    max_amount_per_day: rule.maxAmountPerDay,
  });
}
