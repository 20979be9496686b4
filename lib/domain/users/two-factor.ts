import { z } from "zod";
import { acceptedStep, enrolmentOf, generateRecoveryCodes, generateTotpSecret, hashRecoveryCode, looksLikeRecoveryCode, openTotpSecret, sealTotpSecret } from "@/lib/auth/totp";
import { verifyPassword } from "@/lib/auth/password";
import { prisma } from "@/lib/db/client";
import { withTransaction } from "@/lib/db/transaction";
import type { RequestMeta } from "@/lib/domain/context";
import { ConflictError, ValidationError } from "@/lib/domain/errors";
import { disableTwoFactorSchema, twoFactorCodeSchema } from "./people-schemas";
import { signInNameOf } from "./sign-in-name";
import { recordUserAudit } from "./user-audit";

const codeError = (field: string, message: string) => new ValidationError("Check the highlighted fields.", { [field]: [message] });

/**
 * Enrolment, step one: a new secret, kept sealed on the user until a code confirms it (an unconfirmed one is
 * replaced by the next start). Returns what the page shows: the QR code and the key to type by hand.
 */
export async function startTwoFactor({ userId }: { userId: number }) {
  const user = await prisma.user.findUniqueOrThrow({ where: { id: userId }, select: { email: true, username: true, totpEnabledAt: true } });
  if (user.totpEnabledAt) throw new ConflictError("two_factor_on", "Two-factor sign-in is already on: turn it off first to set up another authenticator.");
  const secret = generateTotpSecret();
  await prisma.user.update({ where: { id: userId }, data: { totpSecret: sealTotpSecret(secret), totpLastStep: null }, select: { id: true } });
  const { uri, qrSvg } = await enrolmentOf(secret, signInNameOf(user));
  return { secret, uri, qrSvg };
}

/**
 * Enrolment, step two: a code from the authenticator turns two-factor on, and 10 single-use recovery codes are
 * made (returned once; only their hashes are kept).
 */
export async function confirmTwoFactor({ userId, input, request }: { userId: number; input: { code: string }; request?: RequestMeta }) {
  const parsed = twoFactorCodeSchema.safeParse(input);
  if (!parsed.success) throw new ValidationError("Check the highlighted fields.", z.flattenError(parsed.error).fieldErrors);
  const codes = generateRecoveryCodes();
  return withTransaction({}, async (tx) => {
    const [user] = await tx.$queryRaw<{ totp_secret: string | null; totp_enabled_at: Date | null }[]>`
      SELECT totp_secret, totp_enabled_at FROM app_user WHERE id = ${userId} FOR UPDATE`;
    if (user.totp_enabled_at) throw new ConflictError("two_factor_on", "Two-factor sign-in is already on.");
    if (!user.totp_secret) throw new ConflictError("not_started", "Start the set-up again: scan the new QR code.");
    const step = acceptedStep(openTotpSecret(user.totp_secret), parsed.data.code, null);
    if (step === null) throw codeError("code", "This code is not right: check the time on your phone, and enter the code it shows now.");
    await tx.user.update({ where: { id: userId }, data: { totpEnabledAt: new Date(), totpLastStep: step }, select: { id: true } });
    await tx.recoveryCode.deleteMany({ where: { userId } });
    await tx.recoveryCode.createMany({ data: codes.map((code) => ({ userId, codeHash: hashRecoveryCode(code) })) });
    await recordUserAudit(tx, userId, request, { action: "two_factor_enabled", detail: `${codes.length} recovery codes made` });
    return { recoveryCodes: codes };
  });
}

/** Turns two-factor off, given the password and a current code (or a recovery code). */
export async function disableTwoFactor({ userId, input, request }: { userId: number; input: { password: string; code: string }; request?: RequestMeta }) {
  const parsed = disableTwoFactorSchema.safeParse(input);
  if (!parsed.success) throw new ValidationError("Check the highlighted fields.", z.flattenError(parsed.error).fieldErrors);
  const user = await prisma.user.findUniqueOrThrow({ where: { id: userId }, select: { passwordHash: true, totpSecret: true, totpEnabledAt: true, totpLastStep: true } });
  if (!user.totpEnabledAt || !user.totpSecret) throw new ConflictError("two_factor_off", "Two-factor sign-in is not on.");
  if (!(await verifyPassword(parsed.data.password, user.passwordHash))) throw codeError("password", "This is not your password.");
  return withTransaction({}, async (tx) => {
    const step = acceptedStep(openTotpSecret(user.totpSecret!), parsed.data.code, user.totpLastStep);
    const viaRecovery =
      step === null && looksLikeRecoveryCode(parsed.data.code)
        ? (await tx.recoveryCode.updateMany({ where: { userId, codeHash: hashRecoveryCode(parsed.data.code), usedAt: null }, data: { usedAt: new Date() } })).count === 1
        : false;
    if (step === null && !viaRecovery) throw codeError("code", "This code is not right.");
    await tx.user.update({ where: { id: userId }, data: { totpSecret: null, totpEnabledAt: null, totpLastStep: null }, select: { id: true } });
    await tx.recoveryCode.deleteMany({ where: { userId } });
    await recordUserAudit(tx, userId, request, { action: "two_factor_disabled" });
    return { disabled: true };
  });
}
