"use server";

import { headers } from "next/headers";
import { z } from "zod";
import { unstable_update } from "@/lib/auth/auth";
import { sessionVersionProof } from "@/lib/auth/session-version";
import { requireSignedInUser } from "@/lib/auth/signed-in-user";
import type { ActionResult } from "@/lib/actions/define-action";
import { requestMetaOf } from "@/lib/domain/audit/request-meta";
import { DomainError, ValidationError } from "@/lib/domain/errors";
import { changePassword } from "@/lib/domain/users/change-password";
import { endOtherSessions } from "@/lib/domain/users/end-other-sessions";
import { changePasswordFormSchema, disableTwoFactorSchema, profileNameSchema, twoFactorCodeSchema } from "@/lib/domain/users/people-schemas";
import { confirmTwoFactor, disableTwoFactor, startTwoFactor } from "@/lib/domain/users/two-factor";
import { updateProfile } from "@/lib/domain/users/update-profile";
import { revalidatePath } from "next/cache";

// The profile concerns only the signed-in user's own sign-in: no account id, so no subtree check; the session
// (and its version) is the whole authorization.
async function asSignedIn<S extends z.ZodType, T>(schema: S, raw: unknown, run: (input: z.output<S>, user: { userId: number }) => Promise<T>): Promise<ActionResult<T>> {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) return { ok: false, error: "Check the highlighted fields.", fieldErrors: z.flattenError(parsed.error).fieldErrors as Record<string, string[]> };
  try {
    const user = await requireSignedInUser();
    const result = await run(parsed.data, user);
    revalidatePath("/profile");
    return { ok: true, data: result };
  } catch (err) {
    if (err instanceof ValidationError) return { ok: false, error: err.message, code: err.code, fieldErrors: err.fieldErrors };
    if (err instanceof DomainError) return { ok: false, error: err.message, code: err.code };
    console.error("profile action failed", err);
    return { ok: false, error: "Something went wrong. Please try again." };
  }
}

const meta = async () => requestMetaOf(await headers());
/** The caller's own session takes the new version (every other session, with the old one, is over). */
const keepCurrentSession = (userId: number, sessionVersion: number) => unstable_update(sessionVersionProof(userId, sessionVersion) as never);

export async function updateProfileAction(input: unknown) {
  return asSignedIn(profileNameSchema, input, async (data, user) => updateProfile({ userId: user.userId, input: data, request: await meta() }));
}

export async function changePasswordAction(input: unknown) {
  return asSignedIn(changePasswordFormSchema, input, async (data, user) => {
    const { sessionVersion } = await changePassword({ userId: user.userId, input: data, request: await meta() });
    await keepCurrentSession(user.userId, sessionVersion);
    return { changed: true };
  });
}

export async function endOtherSessionsAction() {
  return asSignedIn(z.unknown(), undefined, async (_data, user) => {
    const { sessionVersion } = await endOtherSessions({ userId: user.userId, request: await meta() });
    await keepCurrentSession(user.userId, sessionVersion);
    return { ended: true };
  });
}

export async function startTwoFactorAction() {
  return asSignedIn(z.unknown(), undefined, async (_data, user) => startTwoFactor({ userId: user.userId }));
}

export async function confirmTwoFactorAction(input: unknown) {
  return asSignedIn(twoFactorCodeSchema, input, async (data, user) => confirmTwoFactor({ userId: user.userId, input: data, request: await meta() }));
}

export async function disableTwoFactorAction(input: unknown) {
  return asSignedIn(disableTwoFactorSchema, input, async (data, user) => disableTwoFactor({ userId: user.userId, input: data, request: await meta() }));
}
