import { z } from "zod";
import { hashPassword } from "@/lib/auth/password";
import { prisma } from "@/lib/db/client";
import { toDomainError } from "@/lib/db/errors";
import { withTransaction } from "@/lib/db/transaction";
import { createChildAccount } from "@/lib/domain/accounts/create-child-account";
import type { DomainContext, RequestMeta } from "@/lib/domain/context";
import { recordAudit } from "@/lib/domain/audit/record-audit";
import { AccountStateError, ConflictError, DomainError, NotFoundError, ValidationError } from "@/lib/domain/errors";
import { createUserWithMembership } from "@/lib/domain/users/internal";
import { invitationStatusOf, isAccountPathActive } from "./invitation-queries";
import { acceptInvitationSchema, type AcceptInvitationInput } from "./invitation-schemas";
import { hashLinkToken, isWellFormedLinkToken } from "@/lib/domain/link-token";
import { lockInvitationByTokenHash } from "./invitation-token";

// 410 Gone: the link existed but is spent; each state gets its own code so that the page can explain it
const LINK_ERRORS = {
  accepted: () => new DomainError("invitation_used", "This invitation was already used. Sign in with the e-mail address it was sent to.", 410),
  expired: () => new DomainError("invitation_expired", "This invitation has expired. Ask the person who invited you for a new one.", 410),
  revoked: () => new DomainError("invitation_revoked", "This invitation was withdrawn. Ask the person who invited you for a new one.", 410),
};
const unknownLink = () =>
  new NotFoundError("This invitation link is not valid. It may have been replaced by a newer e-mail: use the link in the latest one.");

/**
 * Public (the link is the credential, there is no session): consumes the invitation and creates the member
 * account under the inviting account and its first user, all in one transaction; a join_account invitation
 * (a tenant's first owner) creates only the user, holding the invitation's role on the inviting account. The invitation row is locked
 * (FOR UPDATE) before anything is written, so that of two submits of one link the second waits, then finds it
 * accepted and creates nothing.
 */
export async function acceptInvitation(input: AcceptInvitationInput, request?: RequestMeta) {
  const parsed = acceptInvitationSchema.safeParse(input);
  if (!parsed.success) throw new ValidationError("Check the highlighted fields.", z.flattenError(parsed.error).fieldErrors);
  const { token, name, password } = parsed.data;
  if (!isWellFormedLinkToken(token)) throw unknownLink();
  const tokenHash = hashLinkToken(token);
  // a dead link fails before the costly hash, so that junk submits cost a read; the transaction checks again
  const early = await prisma.invitation.findUnique({ where: { tokenHash }, select: { status: true, expiresAt: true } });
  if (!early) throw unknownLink();
  const earlyStatus = invitationStatusOf(early);
  if (earlyStatus !== "pending") throw LINK_ERRORS[earlyStatus]();
  const passwordHash = await hashPassword(password); // argon2 is slow on purpose: never inside the transaction

  try {
    return await withTransaction({}, async (tx) => {
      const found = await lockInvitationByTokenHash(tx, tokenHash);
      if (!found) throw unknownLink();
      const invitation = await tx.invitation.findUniqueOrThrow({
        where: { tenantId_id: { tenantId: found.tenantId, id: found.id } },
        include: { parentAccount: { select: { path: true, name: true, status: true } }, tenant: { select: { currency: true } } },
      });
      const status = invitationStatusOf(invitation);
      if (status !== "pending") throw LINK_ERRORS[status]();
      if (!(await isAccountPathActive(tx, invitation.tenantId, invitation.parentAccount.path))) {
        throw new AccountStateError(
          invitation.parentAccount.status === "closed" ? "account_closed" : "account_suspended",
          `${invitation.parentAccount.name} is not active right now, so this invitation cannot be accepted. Ask the person who invited you.`,
        );
      }

      // the inviter's rights were checked when inviting; accepting acts for the inviting account itself
      const system: DomainContext = {
        tenantId: invitation.tenantId,
        accountId: invitation.parentAccountId,
        role: "admin",
        actor: { type: "system", name: "invitation" },
        currency: invitation.tenant.currency,
        tx,
        request,
      };
      if (invitation.kind === "join_account") {
        // the invitee joins the inviting account itself (a colleague, or a tenant's first owner invited by the platform)
        if (await tx.user.findUnique({ where: { email: invitation.email }, select: { id: true } })) {
          throw new ConflictError("sign_in_to_accept", "This address already has a sign-in: sign in with it, then open the link again to join.");
        }
        const user = await createUserWithMembership(tx, {
          tenantId: invitation.tenantId,
          accountId: invitation.parentAccountId,
          email: invitation.email,
          name,
          passwordHash,
          role: invitation.role,
          invitedByUserId: invitation.invitedByUserId,
        });
        await tx.invitation.update({
          where: { tenantId_id: { tenantId: invitation.tenantId, id: invitation.id } },
          data: { status: "accepted", acceptedAt: new Date(), memberAccountId: invitation.parentAccountId },
        });
        await recordAudit(tx, { ...system, actor: { type: "user", userId: user.id } }, {
          action: "invitation_accepted",
          accountId: invitation.parentAccountId,
          after: { invitation_id: invitation.id, joined: invitation.parentAccount.name, email: invitation.email, role: invitation.role },
        });
        return { email: invitation.email, memberAccountId: invitation.parentAccountId };
      }
      const account = await createChildAccount({
        ctx: system,
        input: {
          parentId: invitation.parentAccountId,
          name: invitation.accountName ?? name,
          contactEmail: invitation.email,
          paymentModel: invitation.paymentModel,
          invoicingAccountId: invitation.invoicingAccountId,
          monthlyVolumeLimit: invitation.monthlyVolumeLimit,
          isPartner: invitation.isPartner,
        },
      });
      const user = await createUserWithMembership(tx, {
        tenantId: invitation.tenantId,
        accountId: account.id,
        email: invitation.email,
        name,
        passwordHash,
        role: invitation.role,
      });
      await tx.invitation.update({
        where: { tenantId_id: { tenantId: invitation.tenantId, id: invitation.id } },
        data: { status: "accepted", acceptedAt: new Date(), memberAccountId: account.id },
      });
      // the invitee is the actor (the link was the credential), as the user it has just become
      await recordAudit(tx, { ...system, actor: { type: "user", userId: user.id } }, {
        action: "invitation_accepted",
        accountId: account.id,
        after: { invitation_id: invitation.id, name: account.name, parent_id: invitation.parentAccountId, email: invitation.email, role: invitation.role },
      });
      return { email: invitation.email, memberAccountId: account.id };
    });
  } catch (err) {
    throw toDomainError(err);
  }
}
