import { prisma } from "@/lib/db/client";
import type { Role } from "@/lib/db/generated/enums";
import { getAccountInSubtree } from "@/lib/domain/accounts/internal";
import type { DomainContext } from "@/lib/domain/context";
import { invitationStatusOf } from "@/lib/domain/members/invitation-queries";

export type AccountUserRow = {
  userId: number;
  name: string;
  /** null for a user who signs in with a username only */
  email: string | null;
  username: string | null;
  role: Role;
  twoFactor: boolean;
  lastSignInAt: string | null;
  invitedBy: string | null;
  since: string;
};

export type PendingColleague = { invitationId: number; email: string; role: Role; expiresAt: string; isExpired: boolean; invitedBy: string | null };

/**
 * The people who can sign in to `accountId` (an account of the caller's subtree) and their roles, owners first,
 * and the invitations to join it that wait. Roles held on accounts above it reach it too: they are listed
 * separately, since they are managed on those accounts.
 */
export async function listAccountUsers(ctx: Pick<DomainContext, "tenantId" | "accountId">, accountId: number) {
  const account = await getAccountInSubtree(prisma, ctx, accountId);
  const [memberships, invitations, inherited, requiring] = await Promise.all([
    prisma.membership.findMany({
      where: { tenantId: ctx.tenantId, accountId },
      select: { role: true, createdAt: true, invitedByUserId: true, user: { select: { id: true, name: true, email: true, username: true, totpEnabledAt: true, lastSignInAt: true } } },
    }),
    prisma.invitation.findMany({
      where: { tenantId: ctx.tenantId, parentAccountId: accountId, kind: "join_account", status: "pending" },
      select: { id: true, email: true, role: true, status: true, expiresAt: true, invitedByUserId: true },
      orderBy: { id: "desc" },
    }),
    prisma.membership.count({ where: { tenantId: ctx.tenantId, accountId: { in: account.path.filter((id) => id !== accountId) } } }),
    prisma.account.count({ where: { tenantId: ctx.tenantId, id: { in: account.path }, requireTwoFactor: true } }),
  ]);
  const inviterIds = [...new Set([...memberships.map((m) => m.invitedByUserId), ...invitations.map((i) => i.invitedByUserId)].filter((id): id is number => id !== null))];
  const inviters = new Map((inviterIds.length ? await prisma.user.findMany({ where: { id: { in: inviterIds } }, select: { id: true, name: true } }) : []).map((u) => [u.id, u.name]));
  const rank: Record<Role, number> = { owner: 0, admin: 1, viewer: 2 };
  const users: AccountUserRow[] = memberships
    .map((m) => ({
      userId: m.user.id,
      name: m.user.name,
      email: m.user.email,
      username: m.user.username,
      role: m.role,
      twoFactor: m.user.totpEnabledAt !== null,
      lastSignInAt: m.user.lastSignInAt?.toISOString() ?? null,
      invitedBy: m.invitedByUserId ? (inviters.get(m.invitedByUserId) ?? null) : null,
      since: m.createdAt.toISOString(),
    }))
    .sort((a, b) => rank[a.role] - rank[b.role] || a.name.localeCompare(b.name, "en"));
  const pending: PendingColleague[] = invitations.map((i) => ({
    invitationId: i.id,
    email: i.email,
    role: i.role,
    expiresAt: i.expiresAt.toISOString(),
    isExpired: invitationStatusOf(i) === "expired",
    invitedBy: i.invitedByUserId ? (inviters.get(i.invitedByUserId) ?? null) : null,
  }));
  return { account: { id: account.id, name: account.name, status: account.status, isMaster: account.parentId === null, requireTwoFactor: account.requireTwoFactor, twoFactorRequired: requiring > 0 }, users, pending, usersAbove: inherited };
}
