// SMS Central's words for a message's state (reference-smscentral §2, §4, §5), shared by the delivery-receipt
// push and the status query (README "SMS Central-compatible delivery receipts and status"), and the push's GET.
import type { MessageStatus } from "@/lib/db/generated/enums";

export type SmscentralStatus = "QUEUED" | "BUFFRED" | "DELIVRD" | "FAILED";

/**
 * STATUS and RESULT of a message. `sent` (the carrier took it, no handset receipt yet) is BUFFRED with RESULT 0
 * ("sent / pending"); `delivered` is DELIVRD with 1 ("delivered", receipts only); `failed` is FAILED with 503 when
 * the carrier gave up on an expired message, else 550 ("failed"). `queued` (only the status query sees it: no
 * receipt is pushed for it) is QUEUED with 0. DELIVRD is the industry's and the third parties' spelling (§11.4).
 */
export function smscentralStatusOf(status: MessageStatus, errorCode: string | null = null): { status: SmscentralStatus; result: number } {
  switch (status) {
    case "queued":
      return { status: "QUEUED", result: 0 };
    case "sent":
      return { status: "BUFFRED", result: 0 };
    case "delivered":
      return { status: "DELIVRD", result: 1 };
    case "failed":
      return { status: "FAILED", result: errorCode !== null && /expir/i.test(errorCode) ? 503 : 550 };
  }
}

const DESCRIPTIONS: Record<SmscentralStatus, string> = {
  QUEUED: "Queued for the carrier",
  BUFFRED: "Sent to the carrier, awaiting the handset",
  DELIVRD: "Delivered to the handset",
  FAILED: "Failed",
};

export type ReceiptMessage = {
  id: bigint;
  /** E.164 with its + */
  recipient: string;
  senderId: string;
  body: string;
  reference: string | null;
  errorCode: string | null;
  errorMessage: string | null;
};

/**
 * The receipt's GET: the receiver's URL (its own query string kept) plus SMS Central's parameters (§5). RECIPIENT
 * is international without `+`; PROVIDER is `default` (standard SMS); UDH is empty: one receipt per message, not
 * per part; STATUSDESCRIPTION is the carrier's reason for a failure.
 */
export function deliveryReceiptRequestUrl(
  target: { url: string; userName: string | null; password: string | null },
  message: ReceiptMessage,
  status: MessageStatus,
): URL {
  const url = new URL(target.url);
  const { status: wireStatus, result } = smscentralStatusOf(status, message.errorCode);
  const params: [string, string][] = [
    ["USER_NAME", target.userName ?? ""],
    ["PASSWORD", target.password ?? ""],
    ["ORIGINATOR", message.senderId],
    ["RECIPIENT", message.recipient.replace(/^\+/, "")],
    ["PROVIDER", "default"],
    ["MESSAGE_TEXT", message.body],
    ["ID", message.id.toString()],
    ["REFERENCE", message.reference ?? ""],
    ["RESULT", String(result)],
    ["UDH", ""],
    ["STATUS", wireStatus],
    ["STATUSDESCRIPTION", wireStatus === "FAILED" ? message.errorMessage || DESCRIPTIONS.FAILED : DESCRIPTIONS[wireStatus]],
  ];
  for (const [name, value] of params) url.searchParams.set(name, value);
  return url;
}
