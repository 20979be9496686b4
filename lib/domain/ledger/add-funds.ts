import { dbOf } from "@/lib/db/transaction";
import { ForbiddenError, ValidationError } from "@/lib/domain/errors";
import { roleAllows, type DomainContext } from "@/lib/domain/context";
import { getAccountInSubtree } from "@/lib/domain/accounts/internal";
import { addFundsSchema, type AddFundsInput } from "./schemas";
import { postTransfer } from "./post-transfer";

/** Money entering the tenant: the owner tops up the master account from the tenant's funding account. */
export async function addFunds({ ctx, input }: { ctx: DomainContext; input: AddFundsInput }) {
  if (!roleAllows(ctx.role, "owner")) throw new ForbiddenError("Only owners can move money.");
  const data = addFundsSchema.parse(input);
  const db = dbOf(ctx);
  const master = await getAccountInSubtree(db, ctx, data.accountId);
  if (master.parentId !== null) throw new ValidationError("Funds are added to the master account; credit members from it.");
  const funding = await db.account.findFirstOrThrow({ where: { tenantId: ctx.tenantId, kind: "funding" }, select: { id: true } });
  return postTransfer(
    {
      tenantId: ctx.tenantId,
      kind: "topup",
      fromAccountId: funding.id,
      toAccountId: master.id,
      amount: data.amount,
      idempotencyKey: data.idempotencyKey,
      actor: ctx.actor,
      memo: data.memo,
      currency: ctx.currency,
      audit: { action: "funds_added", request: ctx.request },
    },
    ctx.tx,
  );
}
