import { dbOf } from "@/lib/db/transaction";
import { roleAllows, type DomainContext } from "@/lib/domain/context";
import { ForbiddenError } from "@/lib/domain/errors";
import { getAccountInSubtree } from "@/lib/domain/accounts/internal";
import { accountIdSchema } from "./schemas";

export async function removeBalanceAlert({ ctx, input }: { ctx: DomainContext; input: { accountId: number } }) {
  if (!roleAllows(ctx.role, "owner")) throw new ForbiddenError("Only owners can change balance alerts.");
  const { accountId } = accountIdSchema.parse(input);
  const db = dbOf(ctx);
  const account = await getAccountInSubtree(db, ctx, accountId);
  const { count } = await db.balanceAlert.deleteMany({ where: { tenantId: ctx.tenantId, accountId: account.id } });
  return { removed: count > 0 };
}
