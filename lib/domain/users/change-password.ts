import { z } from "zod";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import { prisma } from "@/lib/db/client";
import { withTransaction } from "@/lib/db/transaction";
import type { RequestMeta } from "@/lib/domain/context";
import { ValidationError } from "@/lib/domain/errors";
import { changePasswordSchema } from "./people-schemas";
import { passwordEchoesSignInName } from "./sign-in-name";
import { recordUserAudit } from "./user-audit";

/**
 * A user sets a new password, giving the current one. Every other session of the user ends (the session version
 * goes up: the caller's own session is given the new one). Returns the new session version.
 */
export async function changePassword({ userId, input, request }: { userId: number; input: { currentPassword: string; newPassword: string }; request?: RequestMeta }) {
  const parsed = changePasswordSchema.safeParse(input);
  if (!parsed.success) throw new ValidationError("Check the highlighted fields.", z.flattenError(parsed.error).fieldErrors);
  const { currentPassword, newPassword } = parsed.data;
  const user = await prisma.user.findUniqueOrThrow({ where: { id: userId }, select: { email: true, username: true, passwordHash: true } });
  if (!(await verifyPassword(currentPassword, user.passwordHash))) {
    throw new ValidationError("Check the highlighted fields.", { currentPassword: ["This is not your current password."] });
  }
  if (passwordEchoesSignInName(newPassword, user)) {
    throw new ValidationError("Check the highlighted fields.", { newPassword: ["Choose a password that is not your e-mail address or username."] });
  }
  if (await verifyPassword(newPassword, user.passwordHash)) {
    throw new ValidationError("Check the highlighted fields.", { newPassword: ["That is your current password: choose a new one."] });
  }
  const passwordHash = await hashPassword(newPassword); // slow on purpose: outside the transaction
  return withTransaction({}, async (tx) => {
    const updated = await tx.user.update({ where: { id: userId }, data: { passwordHash, sessionVersion: { increment: 1 } }, select: { sessionVersion: true } });
    await recordUserAudit(tx, userId, request, { action: "password_changed", detail: "every other session was signed out" });
    return { sessionVersion: updated.sessionVersion };
  });
}
