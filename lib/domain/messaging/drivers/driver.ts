import type { MessageEncoding } from "@/lib/db/generated/enums";

export type OutboundMessage = {
  tenantId: number;
  id: bigint;
  recipient: string;
  senderId: string;
  body: string;
  encoding: MessageEncoding;
  segments: number;
};

/** What the carrier said when it took (or refused) a message. */
export type SubmitOutcome =
  | { messageId: bigint; accepted: true; providerId: string }
  | { messageId: bigint; accepted: false; errorCode: string; detail: string };

/** A delivery receipt: the carrier's final word on a message it took. */
export type DeliveryReceipt = {
  messageId: bigint;
  status: "delivered" | "failed";
  providerId?: string;
  errorCode?: string;
  detail?: string;
};

/**
 * The seam to an upstream carrier (HTTP or SMPP). `submit` hands messages over and reports, per message,
 * whether the carrier took them; receipts come back later through applyReceipts() (lib/domain/messaging/
 * delivery.ts), from the carrier's webhook or, for the sandbox, from a delayed job.
 */
export type DeliveryDriver = {
  name: string;
  submit(messages: OutboundMessage[]): Promise<SubmitOutcome[]>;
  /** runs after the outcomes are recorded (the sandbox schedules its receipts here) */
  afterSubmit?(messages: OutboundMessage[], outcomes: SubmitOutcome[]): Promise<void>;
};
