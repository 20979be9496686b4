"use server";

import { headers } from "next/headers";
import { AuthError } from "next-auth";
import { z } from "zod";
import { signIn } from "@/lib/auth/auth";
import type { ActionResult } from "@/lib/actions/define-action";
import { requestMetaOf } from "@/lib/domain/audit/request-meta";
import { DomainError, ValidationError } from "@/lib/domain/errors";
import { acceptOperatorInvitation } from "@/lib/domain/platform/accept-operator-invitation";
import { acceptOperatorInvitationSchema } from "@/lib/domain/platform/schemas";

const formSchema = acceptOperatorInvitationSchema
  .extend({ confirmPassword: z.string() })
  .refine((v) => v.password === v.confirmPassword, { path: ["confirmPassword"], message: "The passwords do not match." });

/** Public: the link's token is the credential. On success the new operator is signed in and lands on the console. */
export async function acceptOperatorInvitationAction(input: unknown): Promise<ActionResult<never>> {
  const parsed = formSchema.safeParse(input);
  if (!parsed.success) return { ok: false, error: "Check the highlighted fields.", fieldErrors: z.flattenError(parsed.error).fieldErrors };
  const { token, name, password } = parsed.data;
  let email: string;
  try {
    email = (await acceptOperatorInvitation({ token, name, password }, requestMetaOf(await headers()))).email;
  } catch (err) {
    if (err instanceof ValidationError) return { ok: false, error: err.message, code: err.code, fieldErrors: err.fieldErrors };
    if (err instanceof DomainError) return { ok: false, error: err.message, code: err.code };
    console.error("accepting an operator invitation failed", err);
    return { ok: false, error: "Something went wrong. Please try again." };
  }
  try {
    await signIn("credentials", { email, password, redirectTo: "/operator" });
  } catch (err) {
    if (err instanceof AuthError) return { ok: false, error: "You are an operator now, but signing you in failed: sign in with your new password.", code: "sign_in_failed" };
    throw err; // the redirect
  }
  return { ok: false, error: "Unreachable: sign-in redirects." };
}
