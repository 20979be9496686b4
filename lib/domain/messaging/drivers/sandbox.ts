import { randomUUID } from "node:crypto";
import { QUEUES, startQueue } from "@/lib/jobs/boss";
import type { DeliveryDriver, DeliveryReceipt, OutboundMessage, SubmitOutcome } from "./driver";

/**
 * The documented test numbers of the sandbox carrier (the API reference lists them):
 *   ends in 0001  refused at submission (failed at once, refunded)
 *   ends in 0000  accepted, then a failed receipt: undeliverable (refunded)
 *   ends in 0002  accepted, no receipt ever (stays sent)
 *   anything else accepted, then delivered
 */
export const SANDBOX_NUMBERS = {
  rejected: "0001",
  undeliverable: "0000",
  noReceipt: "0002",
} as const;

export function sandboxSubmit(message: OutboundMessage): SubmitOutcome {
  if (message.recipient.endsWith(SANDBOX_NUMBERS.rejected)) {
    return { messageId: message.id, accepted: false, errorCode: "rejected", detail: "Rejected by the carrier (sandbox test number)." };
  }
  return { messageId: message.id, accepted: true, providerId: `sbx-${randomUUID()}` };
}

/** The receipt the sandbox will send for a message it accepted, or null when it never sends one. */
export function sandboxReceipt(message: OutboundMessage, providerId: string): DeliveryReceipt | null {
  if (message.recipient.endsWith(SANDBOX_NUMBERS.noReceipt)) return null;
  if (message.recipient.endsWith(SANDBOX_NUMBERS.undeliverable)) {
    return { messageId: message.id, providerId, status: "failed", errorCode: "undeliverable", detail: "Undeliverable: the handset is unreachable (sandbox test number)." };
  }
  return { messageId: message.id, providerId, status: "delivered" };
}

/** How long the sandbox carrier takes to report delivery (SANDBOX_RECEIPT_DELAY_SECONDS, 2 by default). */
const receiptDelaySeconds = () => Number(process.env.SANDBOX_RECEIPT_DELAY_SECONDS ?? 2);

export type SandboxReceiptsJob = {
  tenantId: number;
  receipts: { messageId: string; status: "delivered" | "failed"; providerId: string; errorCode?: string; detail?: string }[];
};

export const sandboxDriver: DeliveryDriver = {
  name: "sandbox",
  async submit(messages) {
    return messages.map(sandboxSubmit);
  },
  // the receipts come back later, as a carrier's would: a delayed job in the queue, so a restart loses none
  async afterSubmit(messages, outcomes) {
    const byId = new Map(messages.map((m) => [m.id, m]));
    const receipts: SandboxReceiptsJob["receipts"] = [];
    for (const outcome of outcomes) {
      const message = byId.get(outcome.messageId);
      if (!outcome.accepted || !message) continue;
      const receipt = sandboxReceipt(message, outcome.providerId);
      if (receipt) receipts.push({ ...receipt, messageId: receipt.messageId.toString(), providerId: outcome.providerId });
    }
    if (receipts.length === 0) return;
    const job: SandboxReceiptsJob = { tenantId: messages[0].tenantId, receipts };
    await (await startQueue()).send(QUEUES.sandboxReceipts, job, { startAfter: receiptDelaySeconds(), retryLimit: 5 });
  },
};
