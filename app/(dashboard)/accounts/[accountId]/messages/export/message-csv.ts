import type { MessageRow } from "@/lib/domain/messaging/queries";
import { microToDecimalString } from "@/lib/money";

export const MESSAGE_CSV_HEADER = [
  "id", "created_at", "account_id", "account", "recipient", "country", "sender_id", "body", "encoding", "segments",
  "price_per_segment", "price", "charged_account_id", "status", "error_code", "error_message", "sent_at", "done_at",
  "transfer_id", "refund_transfer_id", "batch_id", "campaign", "reference",
];

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** One message as CSV cells (for toCsvRow): money as exact decimals of the currency, times in ISO 8601 UTC. */
export function messageToCsv(m: MessageRow): (string | number | null)[] {
  return [
    m.id.toString(), iso(m.createdAt), m.accountId, m.accountName, m.recipient, m.country, m.senderId, m.body, m.encoding,
    m.segments, microToDecimalString(m.pricePerSegment), microToDecimalString(m.price), m.chargedAccountId, m.status,
    m.errorCode, m.errorMessage, iso(m.sentAt), iso(m.doneAt), m.transferId.toString(), m.refundTransferId?.toString() ?? null,
    m.batchId, m.campaign, m.reference,
  ];
}
