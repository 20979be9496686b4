import { withTransaction } from "@/lib/db/transaction";
import { AccountStateError, ForbiddenError } from "@/lib/domain/errors";
import { roleAllows, type DomainContext } from "@/lib/domain/context";
import { recordAudit } from "@/lib/domain/audit/record-audit";
import { lockManagedMember } from "./managed-member";

/**
 * SMS.to "deactivate": the member can no longer sign in, send or move money out; keys, logs and balance stay.
 * Its users (and those of the accounts below it) are cut off at their next request, which re-reads the status.
 */
export async function suspendMember({ ctx, input }: { ctx: DomainContext; input: { accountId: number } }) {
  if (!roleAllows(ctx.role, "admin")) throw new ForbiddenError("Only owners and admins can suspend members.");
  return withTransaction(ctx, async (tx) => {
    const member = await lockManagedMember(tx, ctx, input.accountId);
    if (member.status === "closed") throw new AccountStateError("account_closed", "The account is closed.");
    if (member.status === "suspended") return member;
    const suspended = await tx.account.update({ where: { tenantId_id: { tenantId: ctx.tenantId, id: member.id } }, data: { status: "suspended" } });
    await recordAudit(tx, ctx, { action: "member_suspended", accountId: member.id, before: { status: member.status }, after: { status: suspended.status } });
    return suspended;
  });
}
