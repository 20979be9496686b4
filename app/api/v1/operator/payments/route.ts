import { operatorRoute } from "@/lib/api/operator";
import { readJsonBody } from "@/lib/api/native";
import { jsonResponse } from "@/lib/api/json";
import { queryOf } from "@/lib/api/v1/common";
import { requiredOperatorLedgerKey } from "@/lib/api/v1/idempotency";
import { listPaymentsQuerySchema, paymentJson, recordPaymentRequestSchema } from "@/lib/api/v1/operator";
import { validate } from "@/lib/api/request-body";
import { getPayment, listPayments } from "@/lib/domain/platform/queries";
import { recordPayment } from "@/lib/domain/platform/record-payment";

/** Payments newest first, of every tenant or of one. */
export const GET = operatorRoute(async ({ req }) => {
  const query = await validate(listPaymentsQuerySchema, queryOf(req));
  const list = await listPayments({ tenantId: query.tenant_id, page: query.page, pageSize: query.per_page });
  return { data: list.rows.map(paymentJson), page: query.page, per_page: query.per_page, total: list.total };
});

/**
 * Records a payment received: the only way money enters a tenant. Requires an Idempotency-Key header: the same
 * key and body answer with the first payment (`Idempotent-Replayed: true`), another body with 409.
 */
export const POST = operatorRoute(async ({ req, ctx }) => {
  const idempotencyKey = requiredOperatorLedgerKey(req, ctx.actor.type === "operator_key" ? ctx.actor.keyId : 0);
  const body = await readJsonBody(req, recordPaymentRequestSchema);
  const { transfer } = await recordPayment({
    ctx,
    input: { tenantId: body.tenant_id, amount: body.amount, reference: body.reference, memo: body.memo, idempotencyKey },
  });
  const payment = await getPayment(body.tenant_id, transfer.id);
  return jsonResponse(paymentJson(payment), { status: 201, headers: transfer.replayed ? { "idempotent-replayed": "true" } : undefined });
});
