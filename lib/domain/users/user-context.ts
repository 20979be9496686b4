import { prisma } from "@/lib/db/client";
import type { DomainContext } from "@/lib/domain/context";
import { UnauthenticatedError } from "@/lib/domain/errors";

/**
 * The context a user acts in, for an API that signs the user in with a username and password on each request
 * instead of a session (SMS Central's USERNAME/PASSWORD): the user's role on `accountId`, the membership that
 * authenticateUser chose (for SMS Central the first account the user was given whose chain is active:
 * usableMembershipOrder). Call it only after authenticateUser succeeded: it checks nothing about the password
 * or the account's status.
 */
export async function getUserContext(userId: number, accountId: number): Promise<DomainContext> {
  const membership = await prisma.membership.findFirst({
    where: { userId, accountId },
    select: { tenantId: true, accountId: true, role: true, account: { select: { currency: true } } },
  });
  if (!membership) throw new UnauthenticatedError("This user has no account.");
  return {
    tenantId: membership.tenantId,
    accountId: membership.accountId,
    role: membership.role,
    actor: { type: "user", userId },
    currency: membership.account.currency.trim(),
  };
}
