import { withTransaction } from "@/lib/db/transaction";
import { recordAudit } from "@/lib/domain/audit/record-audit";
import type { RequestMeta } from "@/lib/domain/context";
import { AccountStateError, ConflictError, DomainError, NotFoundError } from "@/lib/domain/errors";
import { hashLinkToken, isWellFormedLinkToken } from "@/lib/domain/link-token";
import { invitationStatusOf, isAccountPathActive } from "@/lib/domain/members/invitation-queries";
import { lockInvitationByTokenHash } from "@/lib/domain/members/invitation-token";

const unknownLink = () => new NotFoundError("This invitation link is not valid. It may have been replaced by a newer e-mail: use the link in the latest one.");

/**
 * A signed-in user accepts an invitation to join an account (kind join_account) sent to their own address: a
 * membership with the invitation's role, no new user. The invitation is locked first, so that of two accepts
 * the second finds it used. The address must be the user's: a link forwarded to someone else is refused.
 */
export async function joinAccount({ token, userId, request }: { token: string; userId: number; request?: RequestMeta }) {
  if (!isWellFormedLinkToken(token)) throw unknownLink();
  const tokenHash = hashLinkToken(token);
  return withTransaction({}, async (tx) => {
    const found = await lockInvitationByTokenHash(tx, tokenHash);
    if (!found) throw unknownLink();
    const invitation = await tx.invitation.findUniqueOrThrow({
      where: { tenantId_id: { tenantId: found.tenantId, id: found.id } },
      include: { parentAccount: { select: { path: true, name: true, status: true } } },
    });
    if (invitation.kind !== "join_account") throw new ConflictError("new_member_invitation", "This invitation creates a new account: open it signed out to accept it.");
    const status = invitationStatusOf(invitation);
    if (status !== "pending") throw new DomainError(`invitation_${status === "accepted" ? "used" : status}`, `This invitation was ${status === "accepted" ? "already used" : status}.`, 410);
    const user = await tx.user.findUniqueOrThrow({ where: { id: userId }, select: { id: true, email: true, isOperator: true } });
    if (user.isOperator || user.email !== invitation.email) {
      throw new ConflictError("wrong_user", `This invitation was sent to ${invitation.email}: sign in with that address to accept it.`);
    }
    if (!(await isAccountPathActive(tx, invitation.tenantId, invitation.parentAccount.path))) {
      throw new AccountStateError(invitation.parentAccount.status === "closed" ? "account_closed" : "account_suspended", `${invitation.parentAccount.name} is not active right now.`);
    }
    const existing = await tx.membership.findFirst({ where: { tenantId: invitation.tenantId, accountId: invitation.parentAccountId, userId }, select: { id: true } });
    if (existing) throw new ConflictError("already_member", `You can already sign in to ${invitation.parentAccount.name}.`);
    await tx.membership.create({
      data: { tenantId: invitation.tenantId, userId, accountId: invitation.parentAccountId, role: invitation.role, invitedByUserId: invitation.invitedByUserId },
    });
    await tx.invitation.update({
      where: { tenantId_id: { tenantId: invitation.tenantId, id: invitation.id } },
      data: { status: "accepted", acceptedAt: new Date(), memberAccountId: invitation.parentAccountId },
    });
    await recordAudit(tx, { tenantId: invitation.tenantId, actor: { type: "user", userId }, request }, {
      action: "user_joined",
      accountId: invitation.parentAccountId,
      after: { invitation_id: invitation.id, email: invitation.email, role: invitation.role },
    });
    return { tenantId: invitation.tenantId, accountId: invitation.parentAccountId, accountName: invitation.parentAccount.name, role: invitation.role };
  });
}
