"use server";

import { headers } from "next/headers";
import { z } from "zod";
import type { ActionResult } from "@/lib/actions/define-action";
import { requestOrigin } from "@/lib/actions/request-origin";
import { requestMetaOf } from "@/lib/domain/audit/request-meta";
import { forgotPasswordSchema } from "@/lib/domain/users/people-schemas";
import { requestPasswordReset } from "@/lib/domain/users/request-password-reset";

/** Public: always the same answer, whether or not the address has a user (the verb sends mail only if it does). */
export async function requestPasswordResetAction(input: unknown): Promise<ActionResult<{ email: string }>> {
  const parsed = forgotPasswordSchema.safeParse(input);
  if (!parsed.success) return { ok: false, error: "Check the highlighted fields.", fieldErrors: z.flattenError(parsed.error).fieldErrors };
  try {
    return { ok: true, data: await requestPasswordReset({ input: parsed.data, request: requestMetaOf(await headers()), requestOrigin: await requestOrigin() }) };
  } catch (err) {
    console.error("password reset request failed", err);
    return { ok: false, error: "Something went wrong. Please try again." };
  }
}
