import { dbOf } from "@/lib/db/transaction";
import { ForbiddenError, NotFoundError } from "@/lib/domain/errors";
import { roleAllows, type DomainContext } from "@/lib/domain/context";
import { getAccountInSubtree } from "@/lib/domain/accounts/internal";
import { moveMemberFundsSchema, type MoveMemberFundsInput } from "./schemas";
import { postTransfer } from "./post-transfer";

/** Moves money from the parent's balance down to a direct child. The caller must hold the parent's money. */
export async function creditMember({ ctx, input }: { ctx: DomainContext; input: MoveMemberFundsInput }) {
  if (!roleAllows(ctx.role, "owner")) throw new ForbiddenError("Only owners can move money.");
  const data = moveMemberFundsSchema.parse(input);
  const member = await getAccountInSubtree(dbOf(ctx), ctx, data.memberId);
  // the caller's own account has no payer inside its reach
  if (member.parentId === null || member.id === ctx.accountId) throw new NotFoundError("Member not found.");
  return postTransfer(
    {
      tenantId: ctx.tenantId,
      kind: "credit",
      fromAccountId: member.parentId,
      toAccountId: member.id,
      amount: data.amount,
      idempotencyKey: data.idempotencyKey,
      actor: ctx.actor,
      memo: data.memo,
      currency: ctx.currency,
    },
    ctx.tx,
  );
}
