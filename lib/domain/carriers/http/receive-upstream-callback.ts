import { createHmac, timingSafeEqual } from "node:crypto";
import { sqlPool } from "@/lib/db/pool";
import { NotFoundError, UnauthenticatedError, ValidationError } from "@/lib/domain/errors";
import { normaliseCarrierId } from "../smpp/receipts";
import { kickReceiptMatcher, storeReceipts } from "../carrier-receipts";
import { openCarrierSecret } from "../carrier-secrets";

/** SMS.to's statuses (and Subledger's, which speaks the same): final ones decide the message, the rest are noted. */
const FINAL: Record<string, "delivered" | "failed"> = { DELIVERED: "delivered", FAILED: "failed", REJECTED: "failed", EXPIRED: "failed", UNDELIVERED: "failed" };

/** How old a signed callback may be (replays of an old one are refused). */
const SIGNATURE_MAX_AGE_SECONDS = 48 * 3600;

const equal = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

/** The fields of a callback, JSON or form-encoded (the sources disagree; notes/smpp.md §4). */
function callbackFields(rawBody: string, contentType: string): Record<string, unknown> {
  if (contentType.includes("json") || rawBody.trimStart().startsWith("{")) {
    try {
      const parsed = JSON.parse(rawBody) as unknown;
      if (parsed && typeof parsed === "object") return parsed as Record<string, unknown>;
    } catch {
      // not JSON after all: read it as a form
    }
  }
  return Object.fromEntries(new URLSearchParams(rawBody));
}

/**
 * A status callback of an HTTP upstream: the URL's token names the connection, the X-SMSTo-Signature (when the
 * connection has the upstream's signing secret) proves the body; the status is stored in the receipts inbox and
 * matched to the message by the carrier's id, as an SMPP receipt is. Returns whether it was final.
 */
export async function receiveUpstreamCallback(input: { connectionId: number; token: string; rawBody: string; contentType: string; signature: string | null }) {
  const { rows } = await sqlPool().query<{ callback_token: string | null; callback_secret_sealed: string | null }>(
    "SELECT callback_token, callback_secret_sealed FROM carrier_connection WHERE id = $1 AND kind = 'http' AND removed_at IS NULL",
    [input.connectionId],
  );
  const connection = rows[0];
  if (!connection?.callback_token || !equal(connection.callback_token, input.token)) throw new NotFoundError("No such callback.");
  if (connection.callback_secret_sealed) {
    const match = /^t=(\d+),s=([0-9a-f]+)$/i.exec(input.signature ?? "");
    if (!match) throw new UnauthenticatedError("The callback is not signed (X-SMSTo-Signature).");
    const [, t, s] = match;
    if (Math.abs(Date.now() / 1000 - Number(t)) > SIGNATURE_MAX_AGE_SECONDS) throw new UnauthenticatedError("The callback's signature is too old.");
    const expected = createHmac("sha256", openCarrierSecret(connection.callback_secret_sealed)).update(`${input.rawBody}.${t}`).digest("hex");
    if (!equal(expected, s.toLowerCase())) throw new UnauthenticatedError("The callback's signature does not match.");
  }
  const fields = callbackFields(input.rawBody, input.contentType);
  const messageId = fields.messageId ?? fields.message_id ?? fields.id;
  const status = String(fields.status ?? "").trim().toUpperCase();
  if ((typeof messageId !== "string" && typeof messageId !== "number") || String(messageId).trim() === "" || !status) {
    throw new ValidationError("A callback names a messageId and a status.");
  }
  const final = FINAL[status] ?? null;
  await storeReceipts(input.connectionId, [{ carrierIds: [normaliseCarrierId(String(messageId))], stat: status, final, errorCode: null }]);
  kickReceiptMatcher();
  return { final };
}
