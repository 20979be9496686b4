import { operatorRoute } from "@/lib/api/operator";
import { readJsonBody } from "@/lib/api/native";
import { idFromPath, inWireNames } from "@/lib/api/v1/common";
import { requiredOperatorLedgerKey } from "@/lib/api/v1/idempotency";
import { topUpRequestSchema } from "@/lib/api/v1/operator";
import { MONEY_FIELD_NAMES, transferResponse } from "@/lib/api/v1/transfers";
import { ForbiddenError } from "@/lib/domain/errors";
import { recordPayment } from "@/lib/domain/platform/record-payment";

type Params = { id: string };

/**
 * Money entering a tenant: a payment the platform's operator records, crediting the master account `{id}` from
 * the tenant's funding account. Operator API keys only: a tenant's own key is refused (403), since no tenant
 * creates its own money. Requires an Idempotency-Key header.
 */
export const POST = operatorRoute<Params>(
  async ({ req, ctx, params }) => {
    const tenantId = idFromPath(params.id, "Account not found.");
    const idempotencyKey = requiredOperatorLedgerKey(req, ctx.actor.type === "operator_key" ? ctx.actor.keyId : 0);
    const body = await readJsonBody(req, topUpRequestSchema);
    const { transfer, currency } = await inWireNames(
      () => recordPayment({ ctx, input: { tenantId, amount: body.amount, reference: body.reference, memo: body.memo, idempotencyKey } }),
      MONEY_FIELD_NAMES,
    );
    return transferResponse(transfer, currency);
  },
  { tenantKeyRefusal: () => new ForbiddenError("Money enters a tenant only as a payment the platform's operator records: ask your platform to record it.") },
);
