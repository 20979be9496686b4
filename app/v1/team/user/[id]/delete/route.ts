import { readSmstoBody, smstoRoute } from "@/lib/api/smsto";
import { pathId, smstoEmptyBodySchema } from "@/lib/api/smsto-team";
import { jsonDecimal } from "@/lib/api/json";
import { deleteMember } from "@/lib/domain/members/delete-member";
import { microToDecimalString } from "@/lib/money";

/**
 * SMS.to's DELETE /v1/team/user/{id}/delete (body `[]`; the SDK's amount argument never reaches the wire):
 * closes the member, sweeping its balance back to its parent and revoking its keys and invitations.
 */
export const DELETE = smstoRoute<{ id: string }>(async ({ req, ctx, params }) => {
  const memberId = pathId(params.id, "Team member");
  await readSmstoBody(req, smstoEmptyBodySchema);
  const result = await deleteMember({ ctx, input: { accountId: memberId } });
  const returned = result.swept > 0n ? ` ${microToDecimalString(result.swept)} ${ctx.currency} returned to account ${result.parentId}.` : "";
  return {
    success: true,
    message: `Team member deleted.${returned}`,
    data: {
      id: result.accountId,
      parent_id: result.parentId,
      status: "closed",
      returned_amount: jsonDecimal(result.swept),
      currency: ctx.currency,
      revoked_api_keys: result.revokedKeys,
      revoked_invitations: result.revokedInvitations,
    },
  };
});
