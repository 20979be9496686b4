import { cache } from "react";
import { prisma } from "@/lib/db/client";
import { UnauthenticatedError } from "@/lib/domain/errors";
import { signInNameOf } from "@/lib/domain/users/sign-in-name";
import { getViewer, sessionOf } from "./access";

/**
 * Whoever is signed in, tenant user or platform operator, for what concerns only their own sign-in (the profile:
 * name, password, sessions, two-factor). Null when signed out or when the session's version is behind.
 */
export const getSignedInUser = cache(async () => {
  const session = await sessionOf();
  if (!session) return null;
  const user = await prisma.user.findUnique({
    where: { id: session.userId },
    select: { id: true, name: true, email: true, username: true, isOperator: true, sessionVersion: true, totpEnabledAt: true, _count: { select: { recoveryCodes: { where: { usedAt: null } } } } },
  });
  if (!user || user.sessionVersion !== session.sessionVersion) return null;
  const viewer = user.isOperator ? null : await getViewer();
  // a tenant user whose every account is suspended or closed has nothing to manage
  if (!user.isOperator && !viewer) return null;
  return {
    userId: user.id,
    name: user.name,
    email: user.email,
    /** what the user signs in with: the address, else the username */
    signInName: signInNameOf(user),
    isOperator: user.isOperator,
    twoFactorOn: user.totpEnabledAt !== null,
    recoveryCodesLeft: user._count.recoveryCodes,
    mustEnrolTwoFactor: viewer?.mustEnrolTwoFactor ?? false,
    homeHref: user.isOperator ? "/operator" : `/accounts/${viewer!.accountId}`,
  };
});

export async function requireSignedInUser() {
  const user = await getSignedInUser();
  if (!user) throw new UnauthenticatedError();
  return user;
}
