import { withTransaction } from "@/lib/db/transaction";
import { getAccountInSubtree } from "@/lib/domain/accounts/internal";
import { recordAudit } from "@/lib/domain/audit/record-audit";
import { roleAllows, type DomainContext } from "@/lib/domain/context";
import { ForbiddenError } from "@/lib/domain/errors";
import { setTwoFactorRequirementSchema } from "./people-schemas";

/**
 * An owner requires two-factor sign-in for every user of an account's subtree (or stops requiring it): a user
 * without it is sent to set it up at their next request, and can do nothing else until then.
 */
export async function setTwoFactorRequirement({ ctx, input }: { ctx: DomainContext; input: { accountId: number; required: boolean } }) {
  if (!roleAllows(ctx.role, "owner")) throw new ForbiddenError("Only owners decide who must use two-factor sign-in.");
  const data = setTwoFactorRequirementSchema.parse(input);
  return withTransaction(ctx, async (tx) => {
    const account = await getAccountInSubtree(tx, ctx, data.accountId);
    if (account.requireTwoFactor === data.required) return { accountId: account.id, required: data.required };
    await tx.account.update({ where: { tenantId_id: { tenantId: ctx.tenantId, id: account.id } }, data: { requireTwoFactor: data.required } });
    await recordAudit(tx, ctx, { action: "two_factor_requirement_set", accountId: account.id, before: { require_two_factor: account.requireTwoFactor }, after: { require_two_factor: data.required } });
    return { accountId: account.id, required: data.required };
  });
}
