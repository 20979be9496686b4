import { createHash } from "node:crypto";
import { DomainError } from "@/lib/domain/errors";
import { idempotencyKeyFromRequest } from "../native";

class IdempotencyKeyRequiredError extends DomainError {
  constructor() {
    super(
      "idempotency_key_required",
      "Send an Idempotency-Key header (a unique value per money operation, such as a UUID): a retry with the same key then cannot move the money twice.",
      400,
    );
  }
}

// the ledger's key takes 8 to 128 characters (idempotencyKeySchema); a header that would not fit is stored as
// its digest, under another prefix so that it can never equal a header stored as it is
const LEDGER_KEY_MIN = 8;
const LEDGER_KEY_MAX = 128;

/**
 * The ledger's idempotency key for an API call. Keys are unique per tenant in the ledger; namespacing them by
 * API key means that two integrations of one tenant that both send "order-1" do not collide, and that a key
 * cannot replay (and so read) a transfer that another key or a dashboard form made.
 */
export function ledgerIdempotencyKey(apiKeyId: number, header: string): string {
  const plain = `api:${apiKeyId}:${header}`;
  if (plain.length >= LEDGER_KEY_MIN && plain.length <= LEDGER_KEY_MAX && plain.trim() === plain) return plain;
  return `api#:${apiKeyId}:${createHash("sha256").update(header).digest("hex")}`;
}

/** The ledger key of a money call from its required `Idempotency-Key` header: 400 when it is missing or malformed. */
export function requiredLedgerKey(req: Request, apiKeyId: number): string {
  const header = idempotencyKeyFromRequest(req);
  if (header === null) throw new IdempotencyKeyRequiredError();
  return ledgerIdempotencyKey(apiKeyId, header);
}

/** The same for an operator key: its own namespace, so that it never replays a tenant key's transfer (or the reverse). */
export function requiredOperatorLedgerKey(req: Request, operatorKeyId: number): string {
  const header = idempotencyKeyFromRequest(req);
  if (header === null) throw new IdempotencyKeyRequiredError();
  const plain = `op:${operatorKeyId}:${header}`;
  if (plain.length >= LEDGER_KEY_MIN && plain.length <= LEDGER_KEY_MAX && plain.trim() === plain) return plain;
  return `op#:${operatorKeyId}:${createHash("sha256").update(header).digest("hex")}`;
}
