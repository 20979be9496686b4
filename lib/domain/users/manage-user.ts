import type { DbClient } from "@/lib/db/client";
import type { Role } from "@/lib/db/generated/enums";
import { getAccountInSubtree } from "@/lib/domain/accounts/internal";
import { roleAllows, type DomainContext } from "@/lib/domain/context";
import { ConflictError, ForbiddenError, NotFoundError } from "@/lib/domain/errors";

/**
 * What changing or removing someone's role on an account checks, inside the caller's transaction: the caller is
 * an owner or admin of an account at or above it, the target holds a role there that the caller's reaches (an
 * admin does not touch an owner), and the account keeps an owner. The account's memberships are locked first, so
 * that two demotions of its last two owners cannot both pass.
 */
export async function lockManagedMembership(tx: DbClient, ctx: DomainContext, input: { accountId: number; userId: number }) {
  if (!roleAllows(ctx.role, "admin")) throw new ForbiddenError("Only owners and admins manage who can sign in.");
  const account = await getAccountInSubtree(tx, ctx, input.accountId);
  const rows = await tx.$queryRaw<{ id: number; user_id: number; role: Role }[]>`
    SELECT id, user_id, role::text AS role FROM membership WHERE tenant_id = ${ctx.tenantId} AND account_id = ${account.id} ORDER BY id FOR UPDATE`;
  const target = rows.find((r) => r.user_id === input.userId);
  if (!target) throw new NotFoundError("This person cannot sign in to this account.");
  if (!roleAllows(ctx.role, target.role)) throw new ForbiddenError(`An ${ctx.role} cannot change an ${target.role}'s access.`);
  const owners = rows.filter((r) => r.role === "owner").length;
  return { account, target, owners };
}

export function assertKeepsAnOwner(account: { name: string }, target: { role: Role }, owners: number, newRole: Role | null) {
  if (target.role === "owner" && newRole !== "owner" && owners <= 1) {
    throw new ConflictError("last_owner", `${account.name} must keep an owner: make someone else an owner first.`);
  }
}
