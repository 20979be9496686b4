import { cache } from "react";
import { headers } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { prisma } from "@/lib/db/client";
import { DomainError, ForbiddenError, NotFoundError, UnauthenticatedError } from "@/lib/domain/errors";
import { roleAllows, type DomainContext } from "@/lib/domain/context";
import { recordIfDenied, type DeniedAttempt } from "@/lib/domain/audit/record-denial";
import { requestMetaOf } from "@/lib/domain/audit/request-meta";
import type { Role } from "@/lib/db/generated/enums";
import { signInNameOf } from "@/lib/domain/users/sign-in-name";
import { auth } from "./auth";

/** One role the user holds: on `accountId` (and so on its subtree) in `tenantId`. */
export type ViewerMembership = { tenantId: number; accountId: number; role: Role; name: string; path: number[]; currency: string };

export type Viewer = {
  userId: number;
  name: string;
  /** null for a user who signs in with a username only */
  email: string | null;
  /** what the user signs in with: the address, else the username (shown in the user menu) */
  signInName: string;
  /** every role the user holds on an account whose chain is active (DESIGN.md §4: several accounts per user) */
  memberships: ViewerMembership[];
  /** where the user works when nothing says otherwise: the last account used, else the first */
  home: ViewerMembership;
  tenantId: number;
  accountId: number;
  role: Role;
  currency: string;
  /** an account above one of the user's requires two-factor sign-in, and the user has not set it up yet */
  mustEnrolTwoFactor: boolean;
};

const ROLE_RANK: Record<Role, number> = { viewer: 1, admin: 2, owner: 3 };

/** The session's user id and session version, as the JWT carries them; null when signed out. */
export const sessionOf = cache(async (): Promise<{ userId: number; sessionVersion: number } | null> => {
  const session = await auth();
  const userId = Number(session?.user?.id);
  if (!Number.isInteger(userId) || userId <= 0) return null;
  return { userId, sessionVersion: Number((session as { sv?: unknown } | null)?.sv ?? 0) };
});

/**
 * The signed-in user as the database sees them now (cached per request): null when signed out, when the
 * session is older than the user's session version (a password change, a reset, "sign out everywhere"), for a
 * platform operator (who holds no membership), and when no account the user holds a role on is active.
 */
export const getViewer = cache(async (): Promise<Viewer | null> => {
  const session = await sessionOf();
  if (!session) return null;
  const user = await prisma.user.findUnique({
    where: { id: session.userId },
    select: {
      id: true,
      name: true,
      email: true,
      username: true,
      isOperator: true,
      sessionVersion: true,
      totpEnabledAt: true,
      lastAccountId: true,
      memberships: {
        select: { tenantId: true, accountId: true, role: true, account: { select: { path: true, currency: true, name: true } } },
        orderBy: [{ tenantId: "asc" }, { accountId: "asc" }],
      },
    },
  });
  if (!user || user.isOperator || user.sessionVersion !== session.sessionVersion || user.memberships.length === 0) return null;
  const chains = user.memberships.map((m) => ({ tenantId: m.tenantId, id: { in: m.account.path } }));
  // one query for every chain: the inactive accounts on them, and whether one requires two-factor
  const flagged = await prisma.account.findMany({
    where: { OR: chains, AND: [{ OR: [{ status: { not: "active" } }, { requireTwoFactor: true }] }] },
    select: { tenantId: true, id: true, status: true, requireTwoFactor: true },
  });
  const inactive = new Set(flagged.filter((a) => a.status !== "active").map((a) => `${a.tenantId}:${a.id}`));
  const requiring = new Set(flagged.filter((a) => a.requireTwoFactor).map((a) => `${a.tenantId}:${a.id}`));
  const memberships = user.memberships
    .filter((m) => !m.account.path.some((id) => inactive.has(`${m.tenantId}:${id}`)))
    .map((m) => ({ tenantId: m.tenantId, accountId: m.accountId, role: m.role, name: m.account.name, path: m.account.path, currency: m.account.currency.trim() }));
  if (memberships.length === 0) return null;
  const home = memberships.find((m) => m.accountId === user.lastAccountId) ?? memberships[0];
  const mustEnrolTwoFactor = !user.totpEnabledAt && memberships.some((m) => m.path.some((id) => requiring.has(`${m.tenantId}:${id}`)));
  return {
    userId: user.id,
    name: user.name,
    email: user.email,
    signInName: signInNameOf(user),
    memberships,
    home,
    tenantId: home.tenantId,
    accountId: home.accountId,
    role: home.role,
    currency: home.currency,
    mustEnrolTwoFactor,
  };
});

/** Whether the session is a platform operator's (who has no viewer: operators hold no membership). Cached per request. */
export const isSignedInOperator = cache(async (): Promise<boolean> => {
  const session = await sessionOf();
  if (!session) return false;
  const user = await prisma.user.findUnique({ where: { id: session.userId }, select: { isOperator: true, sessionVersion: true } });
  return user?.isOperator === true && user.sessionVersion === session.sessionVersion;
});

/** Thrown to a user who must set up two-factor sign-in before anything else (the pages send them to the profile). */
export class TwoFactorRequiredError extends ForbiddenError {
  constructor() {
    super("Set up two-factor sign-in first: an account you work in requires it (Profile).");
  }
}

/**
 * The membership that decides what the user may do at `target`: of those whose account is the target or above
 * it, the strongest role; of equally strong ones, the highest (the widest subtree).
 */
export function coveringMembership(memberships: ViewerMembership[], target: { tenantId: number; path: number[] }) {
  const covering = memberships.filter((m) => m.tenantId === target.tenantId && target.path.includes(m.accountId));
  return covering.sort((a, b) => ROLE_RANK[b.role] - ROLE_RANK[a.role] || a.path.length - b.path.length)[0] ?? null;
}

/**
 * The authorization check of every server action and route handler that a session drives: signed in, the
 * target account inside the subtree of one of the user's memberships (else NotFound, never a hint that it
 * exists), the role that membership gives sufficient. Returns the context the domain verbs take.
 */
export async function requireAccess(targetAccountId: number, role: Role, attempt?: DeniedAttempt): Promise<DomainContext> {
  const viewer = await getViewer();
  // a platform operator is signed in but belongs to no tenant: every tenant account is one it cannot see
  if (!viewer) throw (await isSignedInOperator()) ? new NotFoundError("Account not found.") : new UnauthenticatedError();
  const request = await currentRequestMeta();
  // an id from a URL may be NaN, a fraction or past the column (`/accounts/abc/ledger/export`): no account has
  // it, and the query must not see it (Prisma throws on NaN, PostgreSQL on an int4 overflow, and rounds 1.5)
  const isAccountId = Number.isInteger(targetAccountId) && targetAccountId > 0 && targetAccountId <= 2_147_483_647;
  const target = !isAccountId
    ? null
    : await prisma.account.findFirst({
        where: { id: targetAccountId, kind: "customer", tenantId: { in: [...new Set(viewer.memberships.map((m) => m.tenantId))] } },
        select: { id: true, tenantId: true, path: true },
      });
  const membership = target ? coveringMembership(viewer.memberships, target) : null;
  const base = membership ?? viewer.home;
  const ctx: DomainContext = {
    tenantId: base.tenantId,
    accountId: base.accountId,
    role: base.role,
    actor: { type: "user", userId: viewer.userId },
    currency: base.currency,
    request,
  };
  const refusal = !membership
    ? new NotFoundError("Account not found.")
    : viewer.mustEnrolTwoFactor
      ? new TwoFactorRequiredError()
      : !roleAllows(membership.role, role)
        ? new ForbiddenError()
        : null;
  if (refusal) {
    // every page, action and export of a signed-in user passes here: the one place its refusals are recorded,
    // once per request (a page and its layout both check the account they render)
    const seen = refusalsThisRequest();
    if (!seen.has(`${targetAccountId}:${refusal.code}`)) {
      seen.add(`${targetAccountId}:${refusal.code}`);
      const attempted = attempt?.attempted ?? `access to account ${targetAccountId} as ${role}`;
      if (!(refusal instanceof TwoFactorRequiredError)) {
        await recordIfDenied(ctx, { attempted, target: { accountId: targetAccountId, ...attempt?.target } }, refusal);
      }
    }
    throw refusal;
  }
  return ctx;
}

/** The refusals recorded while rendering this request (React's cache lives as long as one server render). */
const refusalsThisRequest = cache(() => new Set<string>());

/** The IP and user agent of the request being served; none outside one (a script, a test). */
async function currentRequestMeta() {
  try {
    return requestMetaOf(await headers());
  } catch {
    return undefined;
  }
}

/**
 * The same check for pages: signed out → sign-in and back; outside the user's accounts → 404; role too low →
 * 403 page; two-factor required and not set up → the profile. Remembers the account as where the user works,
 * so that the next sign-in lands there.
 */
export async function requirePageAccess(targetAccountId: number, role: Role, returnTo: string) {
  try {
    if (!Number.isInteger(targetAccountId) || targetAccountId <= 0) notFound();
    const ctx = await requireAccess(targetAccountId, role, { attempted: `page ${returnTo}` });
    const viewer = (await getViewer())!;
    if (viewer.home.accountId !== ctx.accountId) {
      await prisma.user.update({ where: { id: viewer.userId }, data: { lastTenantId: ctx.tenantId, lastAccountId: ctx.accountId }, select: { id: true } });
    }
    return { ctx, viewer };
  } catch (err) {
    if (err instanceof UnauthenticatedError) redirect(`/sign-in?callbackUrl=${encodeURIComponent(returnTo)}`);
    if (err instanceof TwoFactorRequiredError) redirect("/profile?enrol=required");
    if (err instanceof NotFoundError) notFound();
    if (err instanceof DomainError) redirect(`/forbidden`);
    throw err;
  }
}
