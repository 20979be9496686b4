"use server";

import { headers } from "next/headers";
import { AuthError } from "next-auth";
import { z } from "zod";
import { signIn } from "@/lib/auth/auth";
import type { ActionResult } from "@/lib/actions/define-action";
import { requestMetaOf } from "@/lib/domain/audit/request-meta";
import { DomainError, ValidationError } from "@/lib/domain/errors";
import { setUpPlatform } from "@/lib/domain/platform/set-up-platform";
import { setupFormSchema } from "@/lib/domain/platform/schemas";

/**
 * Public, like the page: the link's token in the input is the only credential (used once, by the verb). On
 * success the new operator is signed in and lands on the console (the redirect is thrown to Next.js).
 */
export async function setUpPlatformAction(input: unknown): Promise<ActionResult<never>> {
  const parsed = setupFormSchema.safeParse(input);
  if (!parsed.success) return { ok: false, error: "Check the highlighted fields.", fieldErrors: z.flattenError(parsed.error).fieldErrors };
  const { token, platformName, name, email, password } = parsed.data;
  try {
    await setUpPlatform({ input: { platformName, name, email, password }, token, request: requestMetaOf(await headers()) });
  } catch (err) {
    if (err instanceof ValidationError) return { ok: false, error: err.message, code: err.code, fieldErrors: err.fieldErrors };
    if (err instanceof DomainError) return { ok: false, error: err.message, code: err.code };
    console.error("setup failed", err);
    return { ok: false, error: "Something went wrong. Please try again." };
  }
  try {
    await signIn("credentials", { email, password, redirectTo: "/operator" });
  } catch (err) {
    if (err instanceof AuthError) return { ok: false, error: "The platform is set up, but signing you in failed: sign in with your new password.", code: "sign_in_failed" };
    throw err; // the redirect
  }
  return { ok: false, error: "Unreachable: sign-in redirects." };
}
