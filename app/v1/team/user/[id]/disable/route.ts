import { smstoRoute } from "@/lib/api/smsto";
import { pathId, smstoMemberState } from "@/lib/api/smsto-team";
import { suspendMember } from "@/lib/domain/members/suspend-member";

/** SMS.to's GET /v1/team/user/{id}/disable (a GET, as the SDK sends it): suspends the member; again is a no-op. */
export const GET = smstoRoute<{ id: string }>(async ({ ctx, params }) => {
  const account = await suspendMember({ ctx, input: { accountId: pathId(params.id, "Team member") } });
  return { success: true, message: "Team member disabled.", data: smstoMemberState(account, ctx.currency) };
});
