import { smstoRoute } from "@/lib/api/smsto";
import { amountFromQuery, ledgerIdempotencyKey, pathId, smstoTransfer } from "@/lib/api/smsto-team";
import { jsonResponse } from "@/lib/api/json";
import { creditMember } from "@/lib/domain/ledger/credit-member";
import { microToDecimalString } from "@/lib/money";

/**
 * SMS.to's GET /v1/team/user/{id}/credit?amount=2.5: money from the member's parent down to the member.
 * A GET that moves money: without an `Idempotency-Key` header a retried request credits again (see
 * ledgerIdempotencyKey and the README's SMS.to section).
 */
export const GET = smstoRoute<{ id: string }>(async ({ req, ctx, params }) => {
  const memberId = pathId(params.id, "Team member");
  const amount = amountFromQuery(req);
  const { key } = ledgerIdempotencyKey(req, ctx.apiKeyId);
  const transfer = await creditMember({ ctx, input: { memberId, amount, idempotencyKey: key } });
  return jsonResponse(
    {
      success: true,
      message: `Credited ${microToDecimalString(transfer.amount)} ${ctx.currency} to team member ${memberId}.`,
      data: smstoTransfer(transfer, "credit", memberId, ctx.currency),
    },
    { headers: transfer.replayed ? { "idempotent-replayed": "true" } : undefined },
  );
});
