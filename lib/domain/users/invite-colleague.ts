import { withTransaction } from "@/lib/db/transaction";
import { getAccountInSubtree } from "@/lib/domain/accounts/internal";
import { recordAudit } from "@/lib/domain/audit/record-audit";
import { roleAllows, type DomainContext } from "@/lib/domain/context";
import { AccountStateError, ConflictError, ForbiddenError } from "@/lib/domain/errors";
import { generateLinkToken, hashLinkToken } from "@/lib/domain/link-token";
import { invitationMailNames, mailInvitation, resolveAppUrl } from "@/lib/domain/members/invitation-mail";
import { INVITATION_SUMMARY_SELECT } from "@/lib/domain/members/invitation-queries";
import { invitationExpiry } from "@/lib/domain/members/invitation-token";
import { inviteColleagueSchema, type InviteColleagueInput } from "./people-schemas";

/**
 * Invites someone into an account of the caller's subtree with a role (DESIGN.md §4): the e-mail link of the
 * member invitations, kind join_account. Owners and admins invite; nobody grants a role above their own. An
 * address that already has a user gets a membership when that user accepts (signed in), not a second user.
 * Inviting an address again replaces its pending link. The mail goes after the commit (`mailSent: false`: resend).
 */
export async function inviteColleague({ ctx, input, requestOrigin }: { ctx: DomainContext; input: InviteColleagueInput; requestOrigin?: string }) {
  if (!roleAllows(ctx.role, "admin")) throw new ForbiddenError("Only owners and admins can invite people.");
  const data = inviteColleagueSchema.parse(input);
  if (!roleAllows(ctx.role, data.role)) throw new ForbiddenError(`An ${ctx.role} cannot give the ${data.role} role: nobody grants a role above their own.`);
  const baseUrl = resolveAppUrl(requestOrigin);
  const token = generateLinkToken();
  const { invitation, names, replaced } = await withTransaction(ctx, async (tx) => {
    const account = await getAccountInSubtree(tx, ctx, data.accountId);
    if (account.status !== "active") {
      throw new AccountStateError(account.status === "closed" ? "account_closed" : "account_suspended", `${account.name} is ${account.status}: nobody can be invited into it.`);
    }
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${ctx.tenantId}::int, hashtext(${data.email}))`;
    const user = await tx.user.findUnique({ where: { email: data.email }, select: { id: true, isOperator: true } });
    if (user?.isOperator) throw new ConflictError("email_taken", "This address belongs to a platform operator, who cannot join a tenant's account.");
    if (user && (await tx.membership.findFirst({ where: { tenantId: ctx.tenantId, accountId: account.id, userId: user.id }, select: { id: true } }))) {
      throw new ConflictError("already_member", `${data.email} can already sign in to ${account.name}: change their role in the list instead.`);
    }
    const now = new Date();
    const replaced = await tx.invitation.updateMany({
      where: { tenantId: ctx.tenantId, parentAccountId: account.id, email: data.email, status: "pending" },
      data: { status: "revoked", revokedAt: now },
    });
    const invitation = await tx.invitation.create({
      data: {
        tenantId: ctx.tenantId,
        kind: "join_account",
        parentAccountId: account.id,
        email: data.email,
        role: data.role,
        tokenHash: hashLinkToken(token),
        expiresAt: invitationExpiry(now),
        invitedByUserId: ctx.actor.type === "user" ? ctx.actor.userId : null,
        lastSentAt: now,
      },
      select: INVITATION_SUMMARY_SELECT,
    });
    await recordAudit(tx, ctx, {
      action: "user_invited",
      accountId: account.id,
      after: { invitation_id: invitation.id, email: data.email, role: data.role, existing_user: Boolean(user), expires_at: invitation.expiresAt.toISOString() },
      detail: replaced.count > 0 ? "the link sent earlier to this address was replaced and no longer works" : null,
    });
    return { invitation, names: await invitationMailNames(tx, invitation), replaced: replaced.count > 0 };
  });
  const mailSent = await mailInvitation({ invitation, names, baseUrl, token });
  return { invitation, mailSent, replaced };
}
