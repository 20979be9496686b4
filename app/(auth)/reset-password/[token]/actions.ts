"use server";

import { headers } from "next/headers";
import { z } from "zod";
import type { ActionResult } from "@/lib/actions/define-action";
import { requestMetaOf } from "@/lib/domain/audit/request-meta";
import { DomainError, ValidationError } from "@/lib/domain/errors";
import { resetPasswordFormSchema } from "@/lib/domain/users/people-schemas";
import { resetPassword } from "@/lib/domain/users/reset-password";

/** Public: the reset link's token is the credential (single use). */
export async function resetPasswordAction(input: unknown): Promise<ActionResult<{ email: string }>> {
  const parsed = resetPasswordFormSchema.safeParse(input);
  if (!parsed.success) return { ok: false, error: "Check the highlighted fields.", fieldErrors: z.flattenError(parsed.error).fieldErrors };
  try {
    return { ok: true, data: await resetPassword({ input: { token: parsed.data.token, password: parsed.data.password }, request: requestMetaOf(await headers()) }) };
  } catch (err) {
    if (err instanceof ValidationError) return { ok: false, error: err.message, code: err.code, fieldErrors: err.fieldErrors };
    if (err instanceof DomainError) return { ok: false, error: err.message, code: err.code };
    console.error("password reset failed", err);
    return { ok: false, error: "Something went wrong. Please try again." };
  }
}
