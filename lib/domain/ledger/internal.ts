import { dbOf } from "@/lib/db/transaction";
import { ForbiddenError, NotFoundError } from "@/lib/domain/errors";
import { roleAllows, type DomainContext } from "@/lib/domain/context";
import { getAccountInSubtree } from "@/lib/domain/accounts/internal";
import { moveMemberFundsSchema, type MoveMemberFundsInput } from "./schemas";
import { postTransfer } from "./post-transfer";

/**
 * Money along the edge between a member and its direct parent: down (credit) or back up (debit). The caller must
 * hold the parent's money, so the member must lie strictly below the caller's own account.
 */
export async function moveAlongMemberEdge(ctx: DomainContext, input: MoveMemberFundsInput, direction: "credit" | "debit") {
  if (!roleAllows(ctx.role, "owner")) throw new ForbiddenError("Only owners can move money.");
  const data = moveMemberFundsSchema.parse(input);
  const member = await getAccountInSubtree(dbOf(ctx), ctx, data.memberId);
  if (member.parentId === null || member.id === ctx.accountId) throw new NotFoundError("Member not found.");
  const [fromAccountId, toAccountId] = direction === "credit" ? [member.parentId, member.id] : [member.id, member.parentId];
  return postTransfer(
    {
      tenantId: ctx.tenantId,
      kind: direction,
      fromAccountId,
      toAccountId,
      amount: data.amount,
      idempotencyKey: data.idempotencyKey,
      actor: ctx.actor,
      memo: data.memo,
      currency: ctx.currency,
      audit: { action: direction === "credit" ? "member_credited" : "member_debited", request: ctx.request },
    },
    ctx.tx,
  );
}
