import { createHash, randomBytes } from "node:crypto";

/** DESIGN.md §4: an invitation link works for 7 days after it was (re)sent. */
export const INVITATION_TTL_MS = 7 * 24 * 60 * 60 * 1000;

// 32 random bytes (256 bits) in base64url: 43 characters, safe in a URL path without escaping
const TOKEN_BYTES = 32;
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** A fresh link token. Only its hash is stored: a database leak must not hand out working links. */
export function generateInvitationToken(): string {
  return randomBytes(TOKEN_BYTES).toString("base64url");
}

/**
 * SHA-256, hex (what invitation.token_hash holds). A plain hash is enough here, unlike for passwords: the
 * token has 256 bits of entropy, so there is nothing to guess by brute force.
 */
export function hashInvitationToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

/** Whether a string from a URL can be a token at all, so that junk never reaches the database. */
export function isWellFormedInvitationToken(token: string): boolean {
  return TOKEN_PATTERN.test(token);
}

export function invitationExpiry(from = new Date()): Date {
  return new Date(from.getTime() + INVITATION_TTL_MS);
}
