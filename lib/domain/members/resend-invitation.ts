import { withTransaction } from "@/lib/db/transaction";
import { roleAllows, type DomainContext } from "@/lib/domain/context";
import { AccountStateError, ConflictError, ForbiddenError } from "@/lib/domain/errors";
import { recordAudit } from "@/lib/domain/audit/record-audit";
import { invitationMailNames, mailInvitation, resolveAppUrl } from "./invitation-mail";
import { getInvitationForUpdate, INVITATION_SUMMARY_SELECT } from "./invitation-queries";
import { invitationActionSchema } from "./invitation-schemas";
import { invitationExpiry } from "./invitation-token";
import { generateLinkToken, hashLinkToken } from "@/lib/domain/link-token";

/**
 * Sends a pending (or expired, never accepted) invitation again with a new link and a new 7-day expiry. The
 * stored hash is replaced, so the link in the earlier e-mail stops working: only the newest mail counts.
 */
export async function resendInvitation({
  ctx,
  input,
  requestOrigin,
}: {
  ctx: DomainContext;
  input: { invitationId: number };
  requestOrigin?: string;
}) {
  if (!roleAllows(ctx.role, "admin")) throw new ForbiddenError("Only owners and admins can resend invitations.");
  const { invitationId } = invitationActionSchema.pick({ invitationId: true }).parse(input);
  const baseUrl = resolveAppUrl(requestOrigin);
  const token = generateLinkToken();

  const { invitation, names } = await withTransaction(ctx, async (tx) => {
    const current = await getInvitationForUpdate(tx, ctx, invitationId);
    if (current.status !== "pending") {
      throw new ConflictError("invitation_not_pending", `This invitation was already ${current.status}: it cannot be resent.`);
    }
    if (current.parentAccount.status !== "active") {
      throw new AccountStateError(
        current.parentAccount.status === "closed" ? "account_closed" : "account_suspended",
        `${current.parentAccount.name} is ${current.parentAccount.status}: its invitations cannot be resent.`,
      );
    }
    // the address may have become a user since (created directly, or invited elsewhere): accepting would fail
    if (await tx.user.findUnique({ where: { email: current.email }, select: { id: true } })) {
      throw new ConflictError("email_taken", "A user with this e-mail address already exists.");
    }
    const now = new Date();
    const invitation = await tx.invitation.update({
      where: { tenantId_id: { tenantId: ctx.tenantId, id: current.id } },
      data: { tokenHash: hashLinkToken(token), expiresAt: invitationExpiry(now), lastSentAt: now },
      select: INVITATION_SUMMARY_SELECT,
    });
    await recordAudit(tx, ctx, {
      action: "invitation_resent",
      accountId: current.parentAccountId,
      before: { expires_at: current.expiresAt.toISOString() },
      after: { expires_at: invitation.expiresAt.toISOString() },
      detail: `Invitation #${current.id} to ${current.email} (the earlier link no longer works)`,
    });
    return { invitation, names: await invitationMailNames(tx, invitation) };
  });

  const mailSent = await mailInvitation({ invitation, names, baseUrl, token });
  return { invitation, mailSent };
}
