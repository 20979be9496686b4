import { nativeRoute, readJsonBody } from "@/lib/api/native";
import { idFromPath, inWireNames } from "@/lib/api/v1/common";
import { requiredLedgerKey } from "@/lib/api/v1/idempotency";
import { MONEY_FIELD_NAMES, moveMoneyRequestSchema, transferResponse } from "@/lib/api/v1/transfers";
import { creditMember } from "@/lib/domain/ledger/credit-member";

type Params = { id: string };

/**
 * Moves money from the account's parent down to it (the key must hold the parent's money: the account lies below the key's own).
 * Requires an Idempotency-Key header: the same key and body answer with the first transfer.
 */
export const POST = nativeRoute<Params>(async ({ req, ctx, params }) => {
  const memberId = idFromPath(params.id, "Account not found.");
  const idempotencyKey = requiredLedgerKey(req, ctx.apiKeyId);
  const body = await readJsonBody(req, moveMoneyRequestSchema);
  const transfer = await inWireNames(() => creditMember({ ctx, input: { memberId, amount: body.amount, memo: body.memo, idempotencyKey } }), MONEY_FIELD_NAMES);
  return transferResponse(transfer, ctx.currency);
});
