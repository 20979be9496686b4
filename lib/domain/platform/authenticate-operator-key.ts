import { prisma } from "@/lib/db/client";
import { hashSecret, secretMatches } from "@/lib/domain/api-keys/api-key-format";
import { UnauthenticatedError } from "@/lib/domain/errors";
import type { OperatorContext } from "./operator-context";
import { parseOperatorKey } from "./operator-key-format";

// compared against when no row matches, so that an unknown key id costs the same as a wrong secret
const NO_ROW_HASH = hashSecret("no such operator key");

export class InvalidOperatorKeyError extends UnauthenticatedError {
  constructor() {
    super("Invalid or revoked API key.");
  }
}

/**
 * The operator context of an operator API key: the key must exist, match and not be revoked, and the operator
 * who made it must still be one. Nothing is cached, so a revoke takes effect on the next request.
 */
export async function authenticateOperatorKey(plaintext: string): Promise<OperatorContext> {
  const parsed = parseOperatorKey(plaintext);
  if (!parsed) throw new InvalidOperatorKeyError();
  const key = await prisma.operatorApiKey.findUnique({
    where: { keyId: parsed.keyId },
    select: { id: true, name: true, secretHash: true, revokedAt: true, lastUsedAt: true, createdBy: { select: { isOperator: true } } },
  });
  const isRight = secretMatches(parsed.secret, key?.secretHash ?? NO_ROW_HASH);
  if (!key || !isRight || key.revokedAt || !key.createdBy.isOperator) throw new InvalidOperatorKeyError();
  // last use, at most once a minute: a busy key must not turn every request into a write
  if (!key.lastUsedAt || key.lastUsedAt.getTime() < Date.now() - 60_000) {
    await prisma.operatorApiKey.update({ where: { id: key.id }, data: { lastUsedAt: new Date() }, select: { id: true } });
  }
  return { actor: { type: "operator_key", keyId: key.id }, label: `API key “${key.name}”` };
}
