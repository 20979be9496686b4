import { dbOf } from "@/lib/db/transaction";
import { ForbiddenError, NotFoundError } from "@/lib/domain/errors";
import { roleAllows, type DomainContext } from "@/lib/domain/context";
import { getAccountInSubtree } from "@/lib/domain/accounts/internal";
import { moveMemberFundsSchema, type MoveMemberFundsInput } from "./schemas";
import { postTransfer } from "./post-transfer";

/** Takes money from a child back up to its direct parent (SMS.to: "instantly removed … to the Master Account Balance"). */
export async function debitMember({ ctx, input }: { ctx: DomainContext; input: MoveMemberFundsInput }) {
  if (!roleAllows(ctx.role, "owner")) throw new ForbiddenError("Only owners can move money.");
  const data = moveMemberFundsSchema.parse(input);
  const member = await getAccountInSubtree(dbOf(ctx), ctx, data.memberId);
  if (member.parentId === null || member.id === ctx.accountId) throw new NotFoundError("Member not found.");
  return postTransfer(
    {
      tenantId: ctx.tenantId,
      kind: "debit",
      fromAccountId: member.id,
      toAccountId: member.parentId,
      amount: data.amount,
      idempotencyKey: data.idempotencyKey,
      actor: ctx.actor,
      memo: data.memo,
      currency: ctx.currency,
    },
    ctx.tx,
  );
}
