import { readSmstoBody, smstoRoute } from "@/lib/api/smsto";
import { pathId, smstoEmptyBodySchema, smstoInvitationSummary } from "@/lib/api/smsto-team";
import { revokeInvitation } from "@/lib/domain/members/revoke-invitation";

/** SMS.to's DELETE /v1/team/invitation/{id}/delete (body `[]`): revokes a pending invitation; its link dies. */
export const DELETE = smstoRoute<{ id: string }>(async ({ req, ctx, params }) => {
  const invitationId = pathId(params.id, "Invitation");
  await readSmstoBody(req, smstoEmptyBodySchema);
  const invitation = await revokeInvitation({ ctx, input: { invitationId } });
  return { success: true, message: "Invitation deleted.", data: smstoInvitationSummary(invitation) };
});
