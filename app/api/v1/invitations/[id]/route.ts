import { nativeRoute } from "@/lib/api/native";
import { idFromPath } from "@/lib/api/v1/common";
import { invitationJson } from "@/lib/api/v1/invitations";
import { getInvitation } from "@/lib/domain/members/invitation-queries";
import { revokeInvitation } from "@/lib/domain/members/revoke-invitation";

type Params = { id: string };

/** Revokes a pending invitation (409 when it is no longer pending); its link then creates nothing. */
export const DELETE = nativeRoute<Params>(async ({ ctx, params }) => {
  const invitation = await revokeInvitation({ ctx, input: { invitationId: idFromPath(params.id, "Invitation not found.") } });
  return invitationJson(await getInvitation(ctx, invitation.id));
});
