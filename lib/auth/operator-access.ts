import { cache } from "react";
import { headers } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { prisma } from "@/lib/db/client";
import { NotFoundError, UnauthenticatedError } from "@/lib/domain/errors";
import { recordIfDenied, type DeniedAttempt } from "@/lib/domain/audit/record-denial";
import { requestMetaOf } from "@/lib/domain/audit/request-meta";
import type { OperatorContext } from "@/lib/domain/platform/operator-context";
import { auth } from "./auth";
import { getViewer } from "./access";

export type OperatorViewer = { userId: number; name: string; email: string };

/** The signed-in platform operator as the database sees them now (cached per request); null for anyone else. */
export const getOperatorViewer = cache(async (): Promise<OperatorViewer | null> => {
  const session = await auth();
  const userId = Number(session?.user?.id);
  if (!Number.isInteger(userId) || userId <= 0) return null;
  const user = await prisma.user.findUnique({ where: { id: userId }, select: { id: true, name: true, email: true, isOperator: true } });
  // an operator always has an address (app_user_operator_has_email)
  return user?.isOperator && user.email ? { userId: user.id, name: user.name, email: user.email } : null;
});

async function currentRequestMeta() {
  try {
    return requestMetaOf(await headers());
  } catch {
    return undefined;
  }
}

/**
 * The check of every operator server action and console route: a signed-in operator, or NotFound. A tenant's
 * user gets the 404 any unknown page gives (the console must not announce itself) and the attempt is written
 * to their tenant's audit log as denied; signed out is Unauthenticated.
 */
export async function requireOperator(attempt: DeniedAttempt): Promise<OperatorContext> {
  const operator = await getOperatorViewer();
  const request = await currentRequestMeta();
  if (operator) return { actor: { type: "user", userId: operator.userId }, label: operator.name, request };
  const viewer = await getViewer();
  if (!viewer) throw new UnauthenticatedError();
  const refusal = new NotFoundError();
  await recordIfDenied({ tenantId: viewer.tenantId, accountId: viewer.accountId, actor: { type: "user", userId: viewer.userId }, request }, attempt, refusal);
  throw refusal;
}

/** The same for a console page: signed out → sign-in and back; anyone but an operator → 404. */
export async function requireOperatorPage(returnTo: string) {
  try {
    const ctx = await requireOperator({ attempted: `page ${returnTo}` });
    return { ctx, operator: (await getOperatorViewer())! };
  } catch (err) {
    if (err instanceof UnauthenticatedError) redirect(`/sign-in?callbackUrl=${encodeURIComponent(returnTo)}`);
    if (err instanceof NotFoundError) notFound();
    throw err;
  }
}
