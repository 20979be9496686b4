import type { DbClient } from "@/lib/db/client";
import type { DomainContext } from "@/lib/domain/context";
import { ForbiddenError } from "@/lib/domain/errors";
import { getAccountInSubtree } from "@/lib/domain/accounts/internal";

/**
 * The master account whose price list the caller edits: `accountId` must be the master and in the caller's
 * subtree, which only the master's own users satisfy.
 */
export async function getPriceListOwner(db: DbClient, ctx: DomainContext, accountId: number) {
  const master = await getAccountInSubtree(db, ctx, accountId);
  if (master.parentId !== null) {
    throw new ForbiddenError("The price list belongs to the master account; give a member its own price instead.");
  }
  return master;
}

/**
 * An account the caller may price: strictly below the caller's own account. A price is given to an account by
 * whoever sells to it (a reseller prices its members and their subtrees): if an owner could price its own
 * account, any reseller could lower what it pays itself; the master's own price is the tenant list.
 */
export async function getPricedAccount(db: DbClient, ctx: DomainContext, accountId: number) {
  const account = await getAccountInSubtree(db, ctx, accountId);
  if (account.id === ctx.accountId) throw new ForbiddenError("Your account's prices are set by the account above it.");
  return account;
}
