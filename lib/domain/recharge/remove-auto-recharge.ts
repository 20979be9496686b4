import { dbOf } from "@/lib/db/transaction";
import type { DomainContext } from "@/lib/domain/context";
import { accountIdSchema } from "./schemas";
import { getRechargeableAccount } from "./internal";

/** Deletes an account's auto-recharge rule (its history stays). Removing a rule that does not exist is fine. */
export async function removeAutoRecharge({ ctx, input }: { ctx: DomainContext; input: { accountId: number } }) {
  const { accountId } = accountIdSchema.parse(input);
  const db = dbOf(ctx);
  const account = await getRechargeableAccount(db, ctx, accountId);
  const { count } = await db.autoRechargeRule.deleteMany({ where: { tenantId: ctx.tenantId, accountId: account.id } });
  return { removed: count > 0 };
}
