import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

// DESIGN.md §4: `sk_live_<keyId>_<secret>`. The key id finds the row; the secret (160 random bits) is checked
// against its SHA-256. Hex keeps `_` unambiguous as the separator.
const KEY_PATTERN = /^sk_live_([0-9a-f]{16})_([0-9a-f]{40})$/;

export type GeneratedApiKey = { plaintext: string; keyId: string; secretHash: string; lastFour: string };

export function generateApiKey(): GeneratedApiKey {
  return apiKeyFromParts(randomBytes(8).toString("hex"), randomBytes(20).toString("hex"));
}

export function apiKeyFromParts(keyId: string, secret: string): GeneratedApiKey {
  const plaintext = `sk_live_${keyId}_${secret}`;
  if (!KEY_PATTERN.test(plaintext)) throw new Error("malformed API key parts");
  return { plaintext, keyId, secretHash: hashSecret(secret), lastFour: secret.slice(-4) };
}

export function parseApiKey(plaintext: string): { keyId: string; secret: string } | null {
  const match = KEY_PATTERN.exec(plaintext.trim());
  return match ? { keyId: match[1], secret: match[2] } : null;
}

export function hashSecret(secret: string) {
  return createHash("sha256").update(secret).digest("hex");
}

export function secretMatches(secret: string, storedHash: string) {
  return timingSafeEqual(Buffer.from(hashSecret(secret), "hex"), Buffer.from(storedHash, "hex"));
}

/** How a key is shown after creation: its public prefix and the last four characters of the secret. */
export function maskApiKey(keyId: string, lastFour: string) {
  return `sk_live_${keyId}_…${lastFour}`;
}
