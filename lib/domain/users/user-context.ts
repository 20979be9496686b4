import { prisma } from "@/lib/db/client";
import type { DomainContext } from "@/lib/domain/context";
import { UnauthenticatedError } from "@/lib/domain/errors";

/**
 * The context a user acts in (their one membership, DESIGN.md §4), for an API that signs the user in with an
 * e-mail and password on each request instead of a session (SMS Central's USERNAME/PASSWORD). Call it only
 * after authenticateUser succeeded: it checks nothing about the password or the account's status.
 */
export async function getUserContext(userId: number): Promise<DomainContext> {
  const membership = await prisma.membership.findUnique({
    where: { userId },
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
