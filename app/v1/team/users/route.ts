import { laravelPage, smstoRoute } from "@/lib/api/smsto";
import { membersQueryFromSmsto, smstoMember } from "@/lib/api/smsto-team";
import { listMembers } from "@/lib/domain/members/queries";

/**
 * SMS.to's GET /v1/team/users (allMembers): the key's account's direct members, as a Laravel paginator.
 * Query: page, per_page or limit (default 100), search, status (active, suspended, closed; default both open ones).
 */
export const GET = smstoRoute(async ({ req, ctx }) => {
  const url = new URL(req.url);
  const page = await listMembers(ctx, ctx.accountId, membersQueryFromSmsto(url));
  const rows = page.rows.map((row) => smstoMember(row, ctx.currency));
  return laravelPage(url, { rows, total: page.total, page: page.page, pageSize: page.pageSize }, "Team members.");
});
