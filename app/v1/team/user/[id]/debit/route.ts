import { smstoRoute } from "@/lib/api/smsto";
import { amountFromQuery, ledgerIdempotencyKey, pathId, smstoTransfer } from "@/lib/api/smsto-team";
import { jsonResponse } from "@/lib/api/json";
import { debitMember } from "@/lib/domain/ledger/debit-member";
import { microToDecimalString } from "@/lib/money";

/**
 * SMS.to's GET /v1/team/user/{id}/debit?amount=2.5: money from the member back up to its parent. A GET that
 * moves money: without an `Idempotency-Key` header a retried request debits again (see ledgerIdempotencyKey
 * and the README's SMS.to section).
 */
export const GET = smstoRoute<{ id: string }>(async ({ req, ctx, params }) => {
  const memberId = pathId(params.id, "Team member");
  const amount = amountFromQuery(req);
  const { key } = ledgerIdempotencyKey(req, ctx.apiKeyId);
  const transfer = await debitMember({ ctx, input: { memberId, amount, idempotencyKey: key } });
  return jsonResponse(
    {
      success: true,
      message: `Debited ${microToDecimalString(transfer.amount)} ${ctx.currency} from team member ${memberId}.`,
      data: smstoTransfer(transfer, "debit", memberId, ctx.currency),
    },
    { headers: transfer.replayed ? { "idempotent-replayed": "true" } : undefined },
  );
});
