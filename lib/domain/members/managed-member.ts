import type { DbClient } from "@/lib/db/client";
import { NotFoundError } from "@/lib/domain/errors";
import type { DomainContext } from "@/lib/domain/context";
import { getAccountInSubtree } from "@/lib/domain/accounts/internal";

/**
 * A member the caller manages: an account strictly below the caller's own (nobody edits, suspends or closes
 * the account they act for), locked for the rest of the transaction so that a concurrent change waits.
 */
export async function lockManagedMember(tx: DbClient, ctx: DomainContext, memberId: number) {
  const member = await getAccountInSubtree(tx, ctx, memberId);
  if (member.id === ctx.accountId || member.parentId === null) throw new NotFoundError("Member not found.");
  await tx.$queryRaw`SELECT 1 FROM account WHERE tenant_id = ${ctx.tenantId} AND id = ${member.id} FOR UPDATE`;
  return tx.account.findFirstOrThrow({ where: { tenantId: ctx.tenantId, id: member.id } });
}

/**
 * The accounts that may invoice a postpaid member besides itself: its ancestors from the caller's own account
 * down. `ancestorPath` is the path of the member's parent (the parent included).
 */
export function invoicingCandidates(ancestorPath: number[], callerAccountId: number): number[] {
  const from = ancestorPath.indexOf(callerAccountId);
  return from < 0 ? [] : ancestorPath.slice(from);
}
