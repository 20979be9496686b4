import { createHash, randomBytes } from "node:crypto";

// The links that are their own credential (invitations, the setup link, operator invitations, sign-up
// verification): 32 random bytes (256 bits) in base64url, 43 characters, safe in a URL without escaping.
const TOKEN_BYTES = 32;
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** A fresh link token. Only its hash is stored: a database leak must not hand out working links. */
export function generateLinkToken(): string {
  return randomBytes(TOKEN_BYTES).toString("base64url");
}

/**
 * SHA-256, hex (what the token_hash columns hold). A plain hash is enough here, unlike for passwords: the token
 * has 256 bits of entropy, so there is nothing to guess by brute force. A link is found by this hash through a
 * unique index, so its check costs the same whether or not a row matches.
 */
export function hashLinkToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

/** Whether a string from a URL can be a token at all, so that junk never reaches the database. */
export function isWellFormedLinkToken(token: string): boolean {
  return TOKEN_PATTERN.test(token);
}
