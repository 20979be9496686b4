import { nativeRoute } from "@/lib/api/native";
import { idFromPath } from "@/lib/api/v1/common";
import { sentInvitationJson } from "@/lib/api/v1/invitations";
import { getInvitation } from "@/lib/domain/members/invitation-queries";
import { resendInvitation } from "@/lib/domain/members/resend-invitation";

type Params = { id: string };

/** Sends a pending or expired invitation again with a new link and a new 7-day expiry; the old link dies. */
export const POST = nativeRoute<Params>(async ({ req, ctx, params }) => {
  const { invitation, mailSent } = await resendInvitation({
    ctx,
    input: { invitationId: idFromPath(params.id, "Invitation not found.") },
    requestOrigin: new URL(req.url).origin,
  });
  return sentInvitationJson(await getInvitation(ctx, invitation.id), mailSent);
});
