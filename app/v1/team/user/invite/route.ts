import { readSmstoBody, smstoRoute } from "@/lib/api/smsto";
import { smstoInvitationSummary, smstoInviteBodySchema } from "@/lib/api/smsto-team";
import { inviteMember } from "@/lib/domain/members/invite-member";

/**
 * SMS.to's POST /v1/team/user/invite (inviteMemberByEmail): an e-mail with a single-use link; accepting it
 * makes a prepaid member under the key's account, owned by the invitee.
 */
export const POST = smstoRoute(async ({ req, ctx }) => {
  const body = await readSmstoBody(req, smstoInviteBodySchema);
  const { invitation, mailSent } = await inviteMember({
    ctx,
    input: {
      accountId: ctx.accountId,
      email: body.email,
      role: "owner",
      accountName: null,
      paymentModel: "prepaid",
      invoicingAccountId: null,
      monthlyVolumeLimit: null,
      isPartner: false,
    },
    requestOrigin: new URL(req.url).origin,
  });
  return {
    success: true,
    // the invitation exists either way; a mail that failed is resent from the Invitations tab
    message: mailSent
      ? `Invitation sent to ${invitation.email}.`
      : `The invitation to ${invitation.email} was saved, but the e-mail could not be sent: resend it from the Invitations tab.`,
    data: { ...smstoInvitationSummary(invitation), mail_sent: mailSent },
  };
});
