import { withTransaction } from "@/lib/db/transaction";
import { recordAudit } from "@/lib/domain/audit/record-audit";
import type { DomainContext } from "@/lib/domain/context";
import { assertKeepsAnOwner, lockManagedMembership } from "./manage-user";
import { removeUserSchema, type RemoveUserInput } from "./people-schemas";

/**
 * Takes someone's access to an account away: their other memberships stay, and so does their user. They are
 * cut off from this account at their next request. The last owner of an account is not removed.
 */
export async function removeUser({ ctx, input }: { ctx: DomainContext; input: RemoveUserInput }) {
  const data = removeUserSchema.parse(input);
  return withTransaction(ctx, async (tx) => {
    const { account, target, owners } = await lockManagedMembership(tx, ctx, data);
    assertKeepsAnOwner(account, target, owners, null);
    await tx.membership.delete({ where: { tenantId_id: { tenantId: ctx.tenantId, id: target.id } } });
    await recordAudit(tx, ctx, { action: "user_removed", accountId: account.id, before: { user_id: data.userId, role: target.role } });
    return { userId: data.userId, removed: true };
  });
}
