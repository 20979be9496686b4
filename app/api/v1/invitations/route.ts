import { jsonResponse } from "@/lib/api/json";
import { nativeRoute, readJsonBody } from "@/lib/api/native";
import { inWireNames, queryOf } from "@/lib/api/v1/common";
import {
  createInvitationRequestSchema,
  INVITATION_FIELD_NAMES,
  invitationListJson,
  inviteMemberInputOf,
  listInvitationsQuerySchema,
  sentInvitationJson,
} from "@/lib/api/v1/invitations";
import { getInvitation, listInvitations } from "@/lib/domain/members/invitation-queries";
import { inviteMember } from "@/lib/domain/members/invite-member";

/** The invitations sent from `account_id` (default: the key's own account), newest first. */
export const GET = nativeRoute(async ({ req, ctx }) => {
  const query = listInvitationsQuerySchema.parse(queryOf(req));
  const list = await listInvitations(ctx, query.account_id ?? ctx.accountId, { page: query.page, pageSize: query.per_page, status: query.status });
  return invitationListJson(list);
});

/** Invites someone by e-mail; 201 with the invitation and whether the mail went out. */
export const POST = nativeRoute(async ({ req, ctx }) => {
  const body = await readJsonBody(req, createInvitationRequestSchema);
  const { invitation, mailSent } = await inWireNames(
    () => inviteMember({ ctx, input: inviteMemberInputOf(body, ctx.accountId), requestOrigin: new URL(req.url).origin }),
    INVITATION_FIELD_NAMES,
  );
  return jsonResponse(sentInvitationJson(await getInvitation(ctx, invitation.id), mailSent), {
    status: 201,
    headers: { location: `/api/v1/invitations/${invitation.id}` },
  });
});
