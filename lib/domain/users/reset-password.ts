import { z } from "zod";
import { hashPassword } from "@/lib/auth/password";
import { prisma } from "@/lib/db/client";
import { withTransaction } from "@/lib/db/transaction";
import type { RequestMeta } from "@/lib/domain/context";
import { ValidationError } from "@/lib/domain/errors";
import { consumeSingleUseToken, deadLink, findLiveToken } from "@/lib/domain/platform/single-use-tokens";
import { passwordEchoesEmail, resetPasswordSchema } from "./people-schemas";
import { clearSignInFailures } from "./sign-in-throttle";
import { recordUserAudit } from "./user-audit";

/** The address a live reset link is for (what the page shows), or null for every dead link. */
export async function findPasswordReset(token: string) {
  const row = await findLiveToken(prisma, "password_reset", token);
  return row ? { email: row.email ?? "" } : null;
}

/**
 * Sets a new password from a reset link: the link is used in the same transaction (of two submits, one wins),
 * and every session of the user ends (the session version goes up). Dead links all read the same.
 */
export async function resetPassword({ input, request }: { input: { token: string; password: string }; request?: RequestMeta }) {
  const parsed = resetPasswordSchema.safeParse(input);
  if (!parsed.success) throw new ValidationError("Check the highlighted fields.", z.flattenError(parsed.error).fieldErrors);
  const { token, password } = parsed.data;
  const early = await findPasswordReset(token);
  if (!early) throw deadLink();
  if (passwordEchoesEmail(password, early.email)) throw new ValidationError("Check the highlighted fields.", { password: ["Choose a password that is not your e-mail address."] });
  const passwordHash = await hashPassword(password); // slow on purpose: outside the transaction
  const done = await withTransaction({}, async (tx) => {
    const row = await consumeSingleUseToken(tx, "password_reset", token);
    const userId = (row.payload as { userId?: number }).userId;
    const user = userId ? await tx.user.findUnique({ where: { id: userId }, select: { id: true, email: true, username: true } }) : null;
    // a user who has no address (any more) has no link: a reset goes by mail
    if (!user?.email || user.email !== row.email) throw deadLink();
    await tx.user.update({ where: { id: user.id }, data: { passwordHash, sessionVersion: { increment: 1 } }, select: { id: true } });
    // other links for the address die with this one
    await tx.singleUseToken.updateMany({ where: { purpose: "password_reset", email: user.email, usedAt: null, revokedAt: null }, data: { revokedAt: new Date() } });
    await recordUserAudit(tx, user.id, request, { action: "password_reset", detail: "from an e-mailed link; every session was signed out" });
    return { email: user.email, username: user.username };
  });
  await clearSignInFailures(done);
  return { email: done.email };
}
