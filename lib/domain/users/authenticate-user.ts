import { z } from "zod";
import { prisma } from "@/lib/db/client";
import { burnPasswordCheck, verifyPassword } from "@/lib/auth/password";

const credentialsSchema = z.object({
  email: z.string().trim().toLowerCase().pipe(z.email()),
  password: z.string().min(1).max(1024),
});

export type AuthenticationResult =
  | { ok: true; user: { id: number; email: string; name: string } }
  | { ok: false; reason: "invalid_credentials" | "account_inactive" };

/**
 * Checks an e-mail and password. A wrong password and an unknown e-mail give the same answer after the same
 * work, so that sign-in does not tell whether an address has a user. Only after a correct password does it say
 * that the account (or one above it) is suspended or closed.
 */
export async function authenticateUser(raw: unknown): Promise<AuthenticationResult> {
  const parsed = credentialsSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, reason: "invalid_credentials" };
  const { email, password } = parsed.data;
  const user = await prisma.user.findUnique({
    where: { email },
    select: { id: true, email: true, name: true, passwordHash: true, memberships: { select: { tenantId: true, account: { select: { path: true } } } } },
  });
  if (!user) {
    await burnPasswordCheck(password);
    return { ok: false, reason: "invalid_credentials" };
  }
  if (!(await verifyPassword(password, user.passwordHash))) return { ok: false, reason: "invalid_credentials" };
  const membership = user.memberships[0];
  if (!membership || !(await isAccountChainActive(membership.tenantId, membership.account.path))) {
    return { ok: false, reason: "account_inactive" };
  }
  await prisma.user.update({ where: { id: user.id }, data: { lastSignInAt: new Date() } });
  return { ok: true, user: { id: user.id, email: user.email, name: user.name } };
}

/** True when the account and every account above it is active: suspending a partner cuts off its branch. */
export async function isAccountChainActive(tenantId: number, path: number[]) {
  const inactive = await prisma.account.count({ where: { tenantId, id: { in: path }, status: { not: "active" } } });
  return inactive === 0;
}
