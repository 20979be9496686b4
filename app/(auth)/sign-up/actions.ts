"use server";

import { headers } from "next/headers";
import { z } from "zod";
import type { ActionResult } from "@/lib/actions/define-action";
import { requestOrigin } from "@/lib/actions/request-origin";
import { requestMetaOf } from "@/lib/domain/audit/request-meta";
import { DomainError, ValidationError } from "@/lib/domain/errors";
import { signUpFormSchema } from "@/lib/domain/platform/schemas";
import { requestSignUp, verifySignUp } from "@/lib/domain/platform/sign-up";

/** Public: the first step of a sign-up, which only sends the verification e-mail. */
export async function requestSignUpAction(input: unknown): Promise<ActionResult<{ email: string }>> {
  const parsed = signUpFormSchema.safeParse(input);
  if (!parsed.success) return { ok: false, error: "Check the highlighted fields.", fieldErrors: z.flattenError(parsed.error).fieldErrors };
  try {
    const { name, company, email, password } = parsed.data;
    return { ok: true, data: await requestSignUp({ input: { name, company, email, password }, request: requestMetaOf(await headers()), requestOrigin: await requestOrigin() }) };
  } catch (err) {
    if (err instanceof ValidationError) return { ok: false, error: err.message, code: err.code, fieldErrors: err.fieldErrors };
    if (err instanceof DomainError) return { ok: false, error: err.message, code: err.code };
    console.error("sign-up failed", err);
    return { ok: false, error: "Something went wrong. Please try again." };
  }
}

/** Public: the verification link's token is the credential; confirming creates the tenant and its owner. */
export async function verifySignUpAction(input: unknown): Promise<ActionResult<{ email: string }>> {
  const parsed = z.object({ token: z.string().min(1).max(100) }).safeParse(input);
  if (!parsed.success) return { ok: false, error: "This link is not valid.", fieldErrors: z.flattenError(parsed.error).fieldErrors };
  try {
    const { email } = await verifySignUp(parsed.data.token, requestMetaOf(await headers()));
    return { ok: true, data: { email } };
  } catch (err) {
    if (err instanceof DomainError) return { ok: false, error: err.message, code: err.code };
    console.error("sign-up verification failed", err);
    return { ok: false, error: "Something went wrong. Please try again." };
  }
}
