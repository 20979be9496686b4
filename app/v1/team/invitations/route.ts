import { laravelPage, smstoRoute } from "@/lib/api/smsto";
import { invitationsQueryFromSmsto, smstoInvitation } from "@/lib/api/smsto-team";
import { listInvitations } from "@/lib/domain/members/invitation-queries";

/**
 * SMS.to's GET /v1/team/invitations (allInvitations): the invitations the key's account sent, newest first,
 * with their status (pending, accepted, expired, revoked). Query: page, per_page or limit, status.
 */
export const GET = smstoRoute(async ({ req, ctx }) => {
  const url = new URL(req.url);
  const page = await listInvitations(ctx, ctx.accountId, invitationsQueryFromSmsto(url));
  return laravelPage(url, { ...page, rows: page.rows.map(smstoInvitation) }, "Team invitations.");
});
