import { prisma } from "@/lib/db/client";
import type { DomainContext } from "@/lib/domain/context";
import { UnauthenticatedError } from "@/lib/domain/errors";

/**
 * The context a user acts in, for an API that signs the user in with a username and password on each request
 * instead of a session (SMS Central's USERNAME/PASSWORD): the account the user last worked in, else their first
 * (DESIGN.md §4: a user may hold roles on several). Call it only after authenticateUser succeeded: it checks
 * nothing about the password or the account's status.
 */
export async function getUserContext(userId: number): Promise<DomainContext> {
  const user = await prisma.user.findUnique({
    where: { id: userId },
    select: {
      lastAccountId: true,
      memberships: { select: { tenantId: true, accountId: true, role: true, account: { select: { currency: true } } }, orderBy: [{ tenantId: "asc" }, { accountId: "asc" }] },
    },
  });
  const membership = user?.memberships.find((m) => m.accountId === user.lastAccountId) ?? user?.memberships[0];
  if (!membership) throw new UnauthenticatedError("This user has no account.");
  return {
    tenantId: membership.tenantId,
    accountId: membership.accountId,
    role: membership.role,
    actor: { type: "user", userId },
    currency: membership.account.currency.trim(),
  };
}
