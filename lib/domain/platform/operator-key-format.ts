import { randomBytes } from "node:crypto";
import { hashSecret } from "@/lib/domain/api-keys/api-key-format";

// `sk_op_<keyId>_<secret>`: the tenants' key format (api-key-format.ts) with its own prefix, so that a tenant
// route never mistakes an operator's key for one of its own (it does not parse) and the reverse.
const OPERATOR_KEY_PATTERN = /^sk_op_([0-9a-f]{16})_([0-9a-f]{40})$/;

export function generateOperatorKey() {
  const keyId = randomBytes(8).toString("hex");
  const secret = randomBytes(20).toString("hex");
  return { plaintext: `sk_op_${keyId}_${secret}`, keyId, secretHash: hashSecret(secret), lastFour: secret.slice(-4) };
}

export function parseOperatorKey(plaintext: string): { keyId: string; secret: string } | null {
  const match = OPERATOR_KEY_PATTERN.exec(plaintext.trim());
  return match ? { keyId: match[1], secret: match[2] } : null;
}

export const looksLikeOperatorKey = (plaintext: string) => plaintext.trim().startsWith("sk_op_");

export function maskOperatorKey(keyId: string, lastFour: string) {
  return `sk_op_${keyId}_…${lastFour}`;
}
