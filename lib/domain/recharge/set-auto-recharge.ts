import { dbOf } from "@/lib/db/transaction";
import type { DomainContext } from "@/lib/domain/context";
import { autoRechargeRuleSchema, type AutoRechargeRuleInput } from "./schemas";
import { getRechargeableAccount } from "./internal";

/** Creates or replaces an account's auto-recharge rule. */
export async function setAutoRecharge({ ctx, input }: { ctx: DomainContext; input: AutoRechargeRuleInput }) {
  const data = autoRechargeRuleSchema.parse(input);
  const db = dbOf(ctx);
  const account = await getRechargeableAccount(db, ctx, data.accountId);
  const fields = {
    enabled: data.enabled,
    threshold: data.threshold,
    amount: data.mode === "fixed" ? data.amount! : null,
    target: data.mode === "top_up" ? data.target! : null,
    maxPerDay: data.maxPerDay ?? null,
    maxAmountPerDay: data.maxAmountPerDay ?? null,
  };
  return db.autoRechargeRule.upsert({
    where: { tenantId_accountId: { tenantId: ctx.tenantId, accountId: account.id } },
    create: { tenantId: ctx.tenantId, accountId: account.id, ...fields },
    update: fields,
  });
}
