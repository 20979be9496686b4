import { withTransaction } from "@/lib/db/transaction";
import { recordAudit } from "@/lib/domain/audit/record-audit";
import { roleAllows, type DomainContext } from "@/lib/domain/context";
import { AccountStateError, ForbiddenError } from "@/lib/domain/errors";
import { assertKeepsAnOwner, lockManagedMembership } from "./manage-user";
import { changeUserRoleSchema, type ChangeUserRoleInput } from "./people-schemas";

/**
 * Changes someone's role on an account. Nobody gives a role above their own; the last owner stays an owner. The
 * new rights hold from the person's next request (every request re-reads the role). A closed account's roles stay as they were.
 */
export async function changeUserRole({ ctx, input }: { ctx: DomainContext; input: ChangeUserRoleInput }) {
  const data = changeUserRoleSchema.parse(input);
  if (!roleAllows(ctx.role, data.role)) throw new ForbiddenError(`An ${ctx.role} cannot give the ${data.role} role: nobody grants a role above their own.`);
  return withTransaction(ctx, async (tx) => {
    const { account, target, owners } = await lockManagedMembership(tx, ctx, data);
    // a closed account never reopens: nobody signs in to it, so a role there means nothing (removal stays possible)
    if (account.status === "closed") throw new AccountStateError("account_closed", `${account.name} is closed: its roles no longer change.`);
    if (target.role === data.role) return { userId: data.userId, role: data.role, changed: false };
    assertKeepsAnOwner(account, target, owners, data.role);
    await tx.membership.update({ where: { tenantId_id: { tenantId: ctx.tenantId, id: target.id } }, data: { role: data.role } });
    await recordAudit(tx, ctx, { action: "user_role_changed", accountId: account.id, before: { user_id: data.userId, role: target.role }, after: { user_id: data.userId, role: data.role } });
    return { userId: data.userId, role: data.role, changed: true };
  });
}
