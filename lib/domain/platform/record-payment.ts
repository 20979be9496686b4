import { withTransaction } from "@/lib/db/transaction";
import { formatExact } from "@/lib/money";
import { ConflictError } from "@/lib/domain/errors";
import { postTransfer } from "@/lib/domain/ledger/post-transfer";
import { getTenantMaster, recordTenantAuditByOperator } from "./internal";
import type { OperatorContext } from "./operator-context";
import { recordOperatorAudit } from "./record-operator-audit";
import { recordPaymentSchema, type RecordPaymentInput } from "./schemas";

/**
 * The only way money enters a tenant (DESIGN.md §3, invariant 10): an operator records a payment received, a
 * `topup` transfer from the tenant's funding account to its master through the ledger (locked, audited,
 * reconciled like every transfer), with the payment's reference and who recorded it, in one transaction. The
 * funding account goes as negative as the payments recorded.
 *
 * Idempotent on the key: a replay returns the first payment; the same key with another amount, memo or
 * reference is a conflict. Concurrent requests with one key: the ledger's unique index makes all but one wait,
 * fail and retry (withTransaction), and the retries find the first one's payment.
 */
export async function recordPayment({ ctx, input }: { ctx: OperatorContext; input: RecordPaymentInput }) {
  const data = recordPaymentSchema.parse(input);
  return withTransaction(ctx, async (tx) => {
    const master = await getTenantMaster(tx, data.tenantId);
    const funding = await tx.account.findFirstOrThrow({ where: { tenantId: data.tenantId, kind: "funding" }, select: { id: true } });
    const transfer = await postTransfer(
      {
        tenantId: data.tenantId,
        kind: "topup",
        fromAccountId: funding.id,
        toAccountId: master.id,
        amount: data.amount,
        idempotencyKey: data.idempotencyKey,
        actor: ctx.actor,
        memo: data.memo,
        currency: master.currency,
      },
      tx,
    );
    if (transfer.replayed) {
      const payment = await tx.payment.findUnique({ where: { tenantId_transferId: { tenantId: data.tenantId, transferId: transfer.id } } });
      // a topup made before payments were recorded (or by another path) is not this request's payment
      if (!payment || payment.reference !== data.reference) {
        throw new ConflictError("idempotency_conflict", "This idempotency key was already used for a different request.");
      }
      return { transfer, payment, currency: master.currency };
    }
    const payment = await tx.payment.create({
      data: {
        tenantId: data.tenantId,
        transferId: transfer.id,
        reference: data.reference,
        recordedByUserId: ctx.actor.type === "user" ? ctx.actor.userId : null,
        recordedByKeyId: ctx.actor.type === "operator_key" ? ctx.actor.keyId : null,
        createdAt: transfer.createdAt,
      },
    });
    const fields = { amount: data.amount.toString(), reference: data.reference, transfer_id: transfer.id.toString(), balance: transfer.toBalanceAfter.toString() };
    await recordOperatorAudit(tx, ctx, {
      action: "payment_recorded",
      tenantId: data.tenantId,
      after: fields,
      detail: `${formatExact(data.amount, master.currency)} to ${master.name}${data.memo ? `: ${data.memo}` : ""}`,
    });
    await recordTenantAuditByOperator(tx, ctx, data.tenantId, { action: "payment_recorded", accountId: master.id, after: fields, detail: data.memo });
    return { transfer, payment, currency: master.currency };
  });
}
