import { withTransaction } from "@/lib/db/transaction";
import type { DomainContext } from "@/lib/domain/context";
import { recordAudit } from "@/lib/domain/audit/record-audit";
import { accountIdSchema } from "./schemas";
import { getRechargeableAccount, ruleAuditFields, type RuleSettings } from "./internal";

/** Deletes an account's auto-recharge rule (its history stays). Removing a rule that does not exist is fine. */
export async function removeAutoRecharge({ ctx, input }: { ctx: DomainContext; input: { accountId: number } }) {
  const { accountId } = accountIdSchema.parse(input);
  return withTransaction(ctx, async (tx) => {
    const account = await getRechargeableAccount(tx, ctx, accountId);
    const [removed] = await tx.$queryRaw<RuleSettings[]>`
      DELETE FROM auto_recharge_rule WHERE tenant_id = ${ctx.tenantId} AND account_id = ${account.id}
      RETURNING enabled, threshold, amount, target, max_per_day AS "maxPerDay", max_amount_per_day AS "maxAmountPerDay"`;
    if (removed) await recordAudit(tx, ctx, { action: "auto_recharge_removed", accountId: account.id, before: ruleAuditFields(removed) });
    return { removed: removed !== undefined };
  });
}
