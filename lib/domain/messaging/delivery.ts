import { sqlPool } from "@/lib/db/pool";
import { withRetry } from "@/lib/db/transaction";
import type { MessageEncoding, MessageStatus } from "@/lib/db/generated/enums";
import type { DeliveryDriver, DeliveryReceipt, OutboundMessage } from "./drivers/driver";
import { deliveryDriver } from "./drivers/select-driver";
import { enqueueCallbacks } from "./dispatch";
import { enqueueDeliveryReceipts } from "./enqueue-delivery-receipts";

export type StatusUpdate = {
  messageId: bigint;
  status: Exclude<MessageStatus, "queued">;
  providerId?: string | null;
  errorCode?: string | null;
  detail?: string | null;
};

export type StatusChange = {
  messageId: bigint;
  accountId: number;
  oldStatus: MessageStatus;
  newStatus: MessageStatus;
  providerId: string | null;
  refundTransferId: bigint | null;
  callbackUrl: string | null;
  recipient: string;
  segments: number;
  price: bigint;
};

type ChangeRow = {
  message_id: string;
  account_id: number;
  old_status: MessageStatus;
  new_status: MessageStatus;
  provider_id: string | null;
  refund_transfer_id: string | null;
  callback_url: string | null;
  recipient: string;
  segments: number;
  price: string;
};

/**
 * Applies status changes through messaging_set_status() (prisma/sql/messaging_set_status.sql): one transaction that
 * moves each message forward, records the event, refunds a failure and moves the rollup. Changes that do not
 * move a message forward (a repeated or late receipt) are skipped; only the applied ones come back.
 */
export async function setMessageStatuses(tenantId: number, updates: StatusUpdate[]): Promise<StatusChange[]> {
  if (updates.length === 0) return [];
  const payload = JSON.stringify(
    updates.map((u) => ({ id: u.messageId.toString(), status: u.status, provider_id: u.providerId ?? null, error_code: u.errorCode ?? null, detail: u.detail ?? null })),
  );
  const { rows } = await withRetry(() => sqlPool().query<ChangeRow>("SELECT * FROM messaging_set_status($1, $2::jsonb)", [tenantId, payload]));
  return rows.map((r) => ({
    messageId: BigInt(r.message_id),
    accountId: r.account_id,
    oldStatus: r.old_status,
    newStatus: r.new_status,
    providerId: r.provider_id,
    refundTransferId: r.refund_transfer_id === null ? null : BigInt(r.refund_transfer_id),
    callbackUrl: r.callback_url,
    recipient: r.recipient,
    segments: r.segments,
    price: BigInt(r.price),
  }));
}

type OutboundRow = { id: string; recipient: string; sender_id: string; body: string; encoding: MessageEncoding; segments: number };

/**
 * Hands queued messages to the carrier and records what it said. Messages no longer queued are left alone,
 * so a job that runs again after success submits nothing. (Two jobs racing on one message, the sweeper's and
 * a slow first one, could both hand it over; only the first outcome is recorded.)
 */
export async function submitQueuedMessages(tenantId: number, messageIds: bigint[], driver: DeliveryDriver = deliveryDriver()) {
  if (messageIds.length === 0) return { submitted: 0, changes: [] as StatusChange[], outbound: [] as OutboundMessage[] };
  const { rows } = await sqlPool().query<OutboundRow>(
    "SELECT id, recipient, sender_id, body, encoding, segments FROM message WHERE tenant_id = $1 AND id = ANY ($2::bigint[]) AND status = 'queued' ORDER BY id",
    [tenantId, messageIds.map(String)],
  );
  const outbound: OutboundMessage[] = rows.map((r) => ({
    tenantId,
    id: BigInt(r.id),
    recipient: r.recipient,
    senderId: r.sender_id,
    body: r.body,
    encoding: r.encoding,
    segments: r.segments,
  }));
  if (outbound.length === 0) return { submitted: 0, changes: [], outbound };
  const outcomes = await driver.submit(outbound);
  const changes = await setMessageStatuses(
    tenantId,
    outcomes.map((o) =>
      o.accepted
        ? { messageId: o.messageId, status: "sent" as const, providerId: o.providerId }
        : { messageId: o.messageId, status: "failed" as const, errorCode: o.errorCode, detail: o.detail },
    ),
  );
  await enqueueCallbacks(tenantId, changes);
  await enqueueDeliveryReceipts(tenantId, changes);
  await driver.afterSubmit?.(outbound, outcomes);
  return { submitted: outbound.length, changes, outbound };
}

/** The carrier's receipts (from its webhook, or the sandbox's delayed job). */
export async function applyReceipts(tenantId: number, receipts: DeliveryReceipt[]) {
  const changes = await setMessageStatuses(
    tenantId,
    receipts.map((r) => ({ messageId: r.messageId, status: r.status, providerId: r.providerId, errorCode: r.errorCode, detail: r.detail })),
  );
  await enqueueCallbacks(tenantId, changes);
  await enqueueDeliveryReceipts(tenantId, changes);
  return changes;
}
