import { withTransaction } from "@/lib/db/transaction";
import { AccountStateError, ForbiddenError } from "@/lib/domain/errors";
import { roleAllows, type DomainContext } from "@/lib/domain/context";
import { recordAudit } from "@/lib/domain/audit/record-audit";
import { lockManagedMember } from "./managed-member";

/** Undoes a suspension. A closed account stays closed (the database refuses reopening it too). */
export async function activateMember({ ctx, input }: { ctx: DomainContext; input: { accountId: number } }) {
  if (!roleAllows(ctx.role, "admin")) throw new ForbiddenError("Only owners and admins can activate members.");
  return withTransaction(ctx, async (tx) => {
    const member = await lockManagedMember(tx, ctx, input.accountId);
    if (member.status === "closed") throw new AccountStateError("account_closed", "A closed account cannot be reactivated.");
    if (member.status === "active") return member;
    const activated = await tx.account.update({ where: { tenantId_id: { tenantId: ctx.tenantId, id: member.id } }, data: { status: "active" } });
    await recordAudit(tx, ctx, { action: "member_activated", accountId: member.id, before: { status: member.status }, after: { status: activated.status } });
    return activated;
  });
}
