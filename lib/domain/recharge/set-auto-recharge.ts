import { withTransaction } from "@/lib/db/transaction";
import type { DomainContext } from "@/lib/domain/context";
import { AccountStateError } from "@/lib/domain/errors";
import { recordAudit } from "@/lib/domain/audit/record-audit";
import { changedFields } from "@/lib/domain/audit/changes";
import { autoRechargeRuleSchema, type AutoRechargeRuleInput } from "./schemas";
import { getRechargeableAccount, ruleAuditFields, type RuleSettings } from "./internal";

/** Creates or replaces an account's auto-recharge rule. */
export async function setAutoRecharge({ ctx, input }: { ctx: DomainContext; input: AutoRechargeRuleInput }) {
  const data = autoRechargeRuleSchema.parse(input);
  return withTransaction(ctx, async (tx) => {
    const account = await getRechargeableAccount(tx, ctx, data.accountId);
    // a closed account receives nothing, so a rule on it could only ever fail
    if (account.status === "closed") throw new AccountStateError("account_closed", `${account.name} is closed: it cannot receive money, so it cannot auto-recharge.`);
    const fields = {
      enabled: data.enabled,
      threshold: data.threshold,
      amount: data.mode === "fixed" ? data.amount! : null,
      target: data.mode === "top_up" ? data.target! : null,
      maxPerDay: data.maxPerDay ?? null,
      maxAmountPerDay: data.maxAmountPerDay ?? null,
    };
    // locked, so that of two concurrent changes each records the other's result as its "before"
    const [before] = await tx.$queryRaw<RuleSettings[]>`
      SELECT enabled, threshold, amount, target, max_per_day AS "maxPerDay", max_amount_per_day AS "maxAmountPerDay"
        FROM auto_recharge_rule WHERE tenant_id = ${ctx.tenantId} AND account_id = ${account.id} FOR UPDATE`;
    const rule = await tx.autoRechargeRule.upsert({
      where: { tenantId_accountId: { tenantId: ctx.tenantId, accountId: account.id } },
      create: { tenantId: ctx.tenantId, accountId: account.id, ...fields },
      update: fields,
    });
    const changes = before ? changedFields(ruleAuditFields(before), ruleAuditFields(rule)) : { before: null, after: ruleAuditFields(rule) };
    if (changes) await recordAudit(tx, ctx, { action: "auto_recharge_set", accountId: account.id, ...changes });
    return rule;
  });
}
