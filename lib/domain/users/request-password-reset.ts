import { prisma } from "@/lib/db/client";
import { withTransaction } from "@/lib/db/transaction";
import type { RequestMeta } from "@/lib/domain/context";
import { resolveAppUrl } from "@/lib/domain/members/invitation-mail";
import { issueSingleUseToken } from "@/lib/domain/platform/single-use-tokens";
import { sendMail } from "@/lib/mail/mailer";
import { forgotPasswordSchema } from "./people-schemas";
import { countSignInFailure, signInLimitsFromEnv, signInRetryAfter, signInSubjects } from "./sign-in-throttle";

/** A reset link works for an hour. */
export const PASSWORD_RESET_TTL_MS = 60 * 60 * 1000;

/**
 * "Forgot password": an e-mail with a single-use link (an hour; only its hash stored; a new request replaces the
 * address's earlier link). The answer is the same whether or not the address has a user, and the request is
 * counted by the sign-in attempt limits (per address and per client), so the form neither tells who exists nor
 * floods a mailbox. Past a limit nothing is sent, and the answer is still the same. A user without an address
 * (a username only, from SMS Central's user/create) is never found here: the link can only travel by mail, and
 * sending it anywhere else would let whoever controls that place take the sign-in.
 */
export async function requestPasswordReset({ input, request, requestOrigin }: { input: { email: string }; request?: RequestMeta; requestOrigin?: string }) {
  const { email } = forgotPasswordSchema.parse(input);
  const limits = signInLimitsFromEnv(process.env);
  const subjects = signInSubjects(limits, { email, ip: request?.ip });
  if ((await signInRetryAfter(limits, subjects)) !== null) return { email };
  await countSignInFailure(limits, subjects);
  const user = await prisma.user.findUnique({ where: { email }, select: { id: true, name: true } });
  if (!user) return { email };
  const baseUrl = resolveAppUrl(requestOrigin);
  const issued = await withTransaction({}, async (tx) => {
    await tx.singleUseToken.updateMany({ where: { purpose: "password_reset", email, usedAt: null, revokedAt: null }, data: { revokedAt: new Date() } });
    return issueSingleUseToken(tx, { purpose: "password_reset", email, payload: { userId: user.id }, ttlMs: PASSWORD_RESET_TTL_MS, createdByUserId: user.id });
  });
  const link = `${baseUrl}/reset-password/${issued.token}`;
  await sendMail({
    to: email,
    subject: "Reset your Subledger password",
    text: [
      `Hello ${user.name},`,
      "",
      "Someone (we hope you) asked to reset the password of your Subledger sign-in. Open this link to choose a new one:",
      link,
      "",
      "The link works once, for an hour. Setting a new password signs you out everywhere. If you did not ask, ignore this e-mail: your password stays as it is.",
    ].join("\n"),
  }).catch((err) => console.error("password reset e-mail could not be sent", err));
  return { email };
}
