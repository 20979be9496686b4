import { smstoRoute } from "@/lib/api/smsto";
import { pathId, smstoMemberState } from "@/lib/api/smsto-team";
import { activateMember } from "@/lib/domain/members/activate-member";

/** SMS.to's GET /v1/team/user/{id}/enable (a GET, as the SDK sends it): undoes a disable; again is a no-op. */
export const GET = smstoRoute<{ id: string }>(async ({ ctx, params }) => {
  const account = await activateMember({ ctx, input: { accountId: pathId(params.id, "Team member") } });
  return { success: true, message: "Team member enabled.", data: smstoMemberState(account, ctx.currency) };
});
