// Two-factor sign-in codes: TOTP (RFC 6238: HMAC-SHA-1, 6 digits, 30-second steps) by the otpauth library, the
// enrolment QR code by qrcode, and single-use recovery codes. A code is accepted for the step before, the step
// and the step after now (±1 step: clocks drift), and each step once: the caller keeps the last step accepted.
import { createHash, randomInt } from "node:crypto";
import { Secret, TOTP } from "otpauth";
import QRCode from "qrcode";
import { deriveKey, open, seal } from "@/lib/crypto/secret-box";

const PERIOD = 30;
const ISSUER = "Subledger";

function totpKey() {
  const secret = process.env.AUTH_SECRET;
  if (!secret) throw new Error("AUTH_SECRET is not set: two-factor secrets are sealed with a key derived from it.");
  return deriveKey(secret, "totp secrets");
}

/** A new shared secret (160 bits, as RFC 4226 recommends), in base32 for authenticator apps. */
export function generateTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

/** The secret as the database keeps it: sealed with a key derived from AUTH_SECRET (lib/crypto/secret-box.ts). */
export const sealTotpSecret = (base32: string) => seal(totpKey(), base32);
export const openTotpSecret = (sealed: string) => open(totpKey(), sealed);

const totpOf = (base32: string, label = "") => new TOTP({ issuer: ISSUER, label, algorithm: "SHA1", digits: 6, period: PERIOD, secret: Secret.fromBase32(base32) });

/** The otpauth:// URI an authenticator app scans, and it as an SVG QR code. */
export async function enrolmentOf(base32: string, email: string) {
  const uri = totpOf(base32, email).toString();
  return { uri, qrSvg: await QRCode.toString(uri, { type: "svg", errorCorrectionLevel: "M", margin: 1 }) };
}

/**
 * The step a code is valid for (now, or one step either side), or null. Only a step after `lastStep` counts:
 * a code that was already used, or an older one, is refused.
 */
export function acceptedStep(base32: string, code: string, lastStep: bigint | null, now = Date.now()): bigint | null {
  const token = code.replace(/\s+/g, "");
  if (!/^\d{6}$/.test(token)) return null;
  const delta = totpOf(base32).validate({ token, timestamp: now, window: 1 });
  if (delta === null) return null;
  const step = BigInt(Math.floor(now / 1000 / PERIOD) + delta);
  return lastStep !== null && step <= lastStep ? null : step;
}

/** The code for `now` (tests, and the e2e computes its own from the shown key). */
export const totpCode = (base32: string, now = Date.now()) => totpOf(base32).generate({ timestamp: now });

// recovery codes: 10 characters of an alphabet without look-alikes (50 bits each), shown as xxxxx-xxxxx
const RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";
export const RECOVERY_CODE_COUNT = 10;

export function generateRecoveryCodes(count = RECOVERY_CODE_COUNT): string[] {
  return Array.from({ length: count }, () => {
    const chars = Array.from({ length: 10 }, () => RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)]).join("");
    return `${chars.slice(0, 5)}-${chars.slice(5)}`;
  });
}

/** What is stored of a recovery code: its SHA-256 (50 random bits each, and sign-in attempts are limited). */
export function hashRecoveryCode(code: string) {
  return createHash("sha256").update(code.trim().toLowerCase().replace(/[\s-]/g, "")).digest("hex");
}

export const looksLikeRecoveryCode = (code: string) => /^[a-z0-9]{5}-?[a-z0-9]{5}$/i.test(code.trim());
