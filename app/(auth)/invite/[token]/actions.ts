"use server";

import { headers } from "next/headers";
import { z } from "zod";
import type { ActionResult } from "@/lib/actions/define-action";
import { requestMetaOf } from "@/lib/domain/audit/request-meta";
import { DomainError, ValidationError } from "@/lib/domain/errors";
import { acceptInvitation } from "@/lib/domain/members/accept-invitation";
import { joinAccount } from "@/lib/domain/users/join-account";
import { sessionOf } from "@/lib/auth/access";
import { prisma } from "@/lib/db/client";
import { acceptInvitationFormSchema, type AcceptInvitationFormValues } from "@/lib/domain/members/invitation-schemas";

/**
 * Public, like the page: the token in the input is the only credential, so there is no session or role check
 * (defineAction needs one). The verb decides everything else.
 */
export async function acceptInvitationAction(input: AcceptInvitationFormValues): Promise<ActionResult<{ email: string; memberAccountId: number }>> {
  const parsed = acceptInvitationFormSchema.safeParse(input);
  if (!parsed.success) {
    return { ok: false, error: "Check the highlighted fields.", fieldErrors: z.flattenError(parsed.error).fieldErrors };
  }
  try {
    const { token, name, password } = parsed.data;
    return { ok: true, data: await acceptInvitation({ token, name, password }, requestMetaOf(await headers())) };
  } catch (err) {
    if (err instanceof ValidationError) return { ok: false, error: err.message, code: err.code, fieldErrors: err.fieldErrors };
    if (err instanceof DomainError) return { ok: false, error: err.message, code: err.code };
    console.error("accepting an invitation failed", err);
    return { ok: false, error: "Something went wrong. Please try again." };
  }
}

/** A signed-in user accepts an invitation sent to their own address: a membership, no new user. */
export async function joinAccountAction(input: unknown): Promise<ActionResult<{ accountId: number; accountName: string }>> {
  const parsed = z.object({ token: z.string().min(1).max(200) }).safeParse(input);
  if (!parsed.success) return { ok: false, error: "This invitation link is not valid.", fieldErrors: z.flattenError(parsed.error).fieldErrors };
  const session = await sessionOf();
  if (!session) return { ok: false, error: "Sign in first.", code: "unauthenticated" };
  try {
    const joined = await joinAccount({ token: parsed.data.token, userId: session.userId, request: requestMetaOf(await headers()) });
    await prisma.user.update({ where: { id: session.userId }, data: { lastTenantId: joined.tenantId, lastAccountId: joined.accountId }, select: { id: true } });
    return { ok: true, data: { accountId: joined.accountId, accountName: joined.accountName } };
  } catch (err) {
    if (err instanceof DomainError) return { ok: false, error: err.message, code: err.code };
    console.error("joining an account failed", err);
    return { ok: false, error: "Something went wrong. Please try again." };
  }
}
