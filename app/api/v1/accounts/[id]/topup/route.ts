import { nativeRoute, readJsonBody } from "@/lib/api/native";
import { idFromPath, inWireNames } from "@/lib/api/v1/common";
import { requiredLedgerKey } from "@/lib/api/v1/idempotency";
import { MONEY_FIELD_NAMES, moveMoneyRequestSchema, transferResponse } from "@/lib/api/v1/transfers";
import { addFunds } from "@/lib/domain/ledger/add-funds";

type Params = { id: string };

/**
 * Money entering the tenant: tops up the master account (only a key of the master reaches it; any other account
 * is refused with 422). Requires an Idempotency-Key header: the same key and body answer with the first transfer.
 */
export const POST = nativeRoute<Params>(async ({ req, ctx, params }) => {
  const accountId = idFromPath(params.id, "Account not found.");
  const idempotencyKey = requiredLedgerKey(req, ctx.apiKeyId);
  const body = await readJsonBody(req, moveMoneyRequestSchema);
  const transfer = await inWireNames(() => addFunds({ ctx, input: { accountId, amount: body.amount, memo: body.memo, idempotencyKey } }), MONEY_FIELD_NAMES);
  return transferResponse(transfer, ctx.currency);
});
