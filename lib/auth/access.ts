import { cache } from "react";
import { headers } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { prisma } from "@/lib/db/client";
import { DomainError, ForbiddenError, NotFoundError, UnauthenticatedError } from "@/lib/domain/errors";
import { roleAllows, type DomainContext } from "@/lib/domain/context";
import { isAccountChainActive } from "@/lib/domain/users/authenticate-user";
import { recordIfDenied, type DeniedAttempt } from "@/lib/domain/audit/record-denial";
import { requestMetaOf } from "@/lib/domain/audit/request-meta";
import type { Role } from "@/lib/db/generated/enums";
import { auth } from "./auth";

export type Viewer = {
  userId: number;
  name: string;
  email: string;
  tenantId: number;
  /** the account the user's membership is on: the root of everything the user may see */
  accountId: number;
  role: Role;
  currency: string;
};

/**
 * The signed-in user as the database sees them now (cached per request): null when signed out, when the user
 * is gone, or when their account or one above it is no longer active.
 */
export const getViewer = cache(async (): Promise<Viewer | null> => {
  const session = await auth();
  const userId = Number(session?.user?.id);
  if (!Number.isInteger(userId) || userId <= 0) return null;
  const user = await prisma.user.findUnique({
    where: { id: userId },
    select: {
      id: true,
      name: true,
      email: true,
      memberships: { select: { tenantId: true, accountId: true, role: true, account: { select: { path: true, currency: true } } } },
    },
  });
  const membership = user?.memberships[0];
  if (!user || !membership) return null;
  if (!(await isAccountChainActive(membership.tenantId, membership.account.path))) return null;
  return {
    userId: user.id,
    name: user.name,
    email: user.email,
    tenantId: membership.tenantId,
    accountId: membership.accountId,
    role: membership.role,
    currency: membership.account.currency,
  };
});

/** Whether the session is a platform operator's (who has no viewer: operators hold no membership). Cached per request. */
export const isSignedInOperator = cache(async (): Promise<boolean> => {
  const session = await auth();
  const userId = Number(session?.user?.id);
  if (!Number.isInteger(userId) || userId <= 0) return false;
  const user = await prisma.user.findUnique({ where: { id: userId }, select: { isOperator: true } });
  return user?.isOperator === true;
});

/**
 * The authorization check of every server action and route handler that a session drives: signed in, the
 * target account inside the user's subtree (else NotFound, never a hint that it exists), the role sufficient.
 * Returns the context the domain verbs take.
 */
export async function requireAccess(targetAccountId: number, role: Role, attempt?: DeniedAttempt): Promise<DomainContext> {
  const viewer = await getViewer();
  // a platform operator is signed in but belongs to no tenant: every tenant account is one it cannot see
  if (!viewer) throw (await isSignedInOperator()) ? new NotFoundError("Account not found.") : new UnauthenticatedError();
  const ctx: DomainContext = {
    tenantId: viewer.tenantId,
    accountId: viewer.accountId,
    role: viewer.role,
    actor: { type: "user", userId: viewer.userId },
    currency: viewer.currency,
    request: await currentRequestMeta(),
  };
  // an id from a URL may be NaN, a fraction or past the column (`/accounts/abc/ledger/export`): no account has
  // it, and the query must not see it (Prisma throws on NaN, PostgreSQL on an int4 overflow, and rounds 1.5)
  const isAccountId = Number.isInteger(targetAccountId) && targetAccountId > 0 && targetAccountId <= 2_147_483_647;
  const target = !isAccountId
    ? null
    : await prisma.account.findFirst({
        where: { tenantId: viewer.tenantId, id: targetAccountId, kind: "customer", path: { has: viewer.accountId } },
        select: { id: true },
      });
  const refusal = !target ? new NotFoundError("Account not found.") : !roleAllows(viewer.role, role) ? new ForbiddenError() : null;
  if (refusal) {
    // every page, action and export of a signed-in user passes here: the one place its refusals are recorded,
    // once per request (a page and its layout both check the account they render)
    const seen = refusalsThisRequest();
    if (!seen.has(`${targetAccountId}:${refusal.code}`)) {
      seen.add(`${targetAccountId}:${refusal.code}`);
      const attempted = attempt?.attempted ?? `access to account ${targetAccountId} as ${role}`;
      await recordIfDenied(ctx, { attempted, target: { accountId: targetAccountId, ...attempt?.target } }, refusal);
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

/** The same check for pages: signed out → sign-in and back; outside the subtree → 404; role too low → 403 page. */
export async function requirePageAccess(targetAccountId: number, role: Role, returnTo: string) {
  try {
    if (!Number.isInteger(targetAccountId) || targetAccountId <= 0) notFound();
    const ctx = await requireAccess(targetAccountId, role, { attempted: `page ${returnTo}` });
    const viewer = (await getViewer())!;
    return { ctx, viewer };
  } catch (err) {
    if (err instanceof UnauthenticatedError) redirect(`/sign-in?callbackUrl=${encodeURIComponent(returnTo)}`);
    if (err instanceof NotFoundError) notFound();
    if (err instanceof DomainError) redirect(`/forbidden`);
    throw err;
  }
}
