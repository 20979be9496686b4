// How a message looks on the wire: the native API's shape, and SMS.to's (reference/smsto-api.md §3, §4).
import { microToDecimalString } from "@/lib/money";
import type { MessageRow } from "@/lib/domain/messaging/queries";
import type { SendResult, SentMessage } from "@/lib/domain/messaging/send-messages";
import type { PricedRequest } from "@/lib/domain/messaging/price-messages";
import type { SendMessagesInput } from "@/lib/domain/messaging/schemas";
import { jsonDecimal } from "./json";
import type { ScheduledSendDetail, ScheduledSendRow } from "@/lib/domain/messaging/scheduled-queries";
import type {
  MessageEstimateJson,
  MessageJson,
  NativeSendBody,
  ScheduledSendDetailJson,
  ScheduledSendJson,
  SendResultJson,
  SentMessageJson,
} from "./v1/messages";

// the send body's schema lives with the other native wire schemas
export { nativeSendBodySchema, type NativeSendBody } from "./v1/messages";

/** Amounts go out as exact decimal strings in the native API ("0.045"), never as floats. */
export const money = (micro: bigint) => microToDecimalString(micro);

export function nativeSentMessage(m: SentMessage, result: SendResult, currency: string): SentMessageJson {
  return {
    id: m.id.toString(),
    batch_id: result.batchId,
    to: m.recipient,
    country: m.country,
    segments: m.segments,
    price_per_segment: money(m.pricePerSegment),
    price: money(m.price),
    currency,
    status: m.status,
    charged_account_id: result.chargedAccountId,
    transfer_id: result.transferId.toString(),
    created_at: m.createdAt.toISOString(),
  };
}

export function nativeSendResult(result: SendResult, currency: string): SendResultJson {
  return {
    batch_id: result.batchId,
    count: result.messages.length,
    total_price: money(result.total),
    currency,
    charged_account_id: result.chargedAccountId,
    charged_balance_after: money(result.chargedBalanceAfter),
    transfer_id: result.transferId.toString(),
    messages: result.messages.map((m) => nativeSentMessage(m, result, currency)),
  };
}

export function nativeMessage(m: MessageRow, currency: string): MessageJson {
  return {
    id: m.id.toString(),
    account_id: m.accountId,
    account_name: m.accountName,
    batch_id: m.batchId,
    to: m.recipient,
    country: m.country,
    sender_id: m.senderId,
    message: m.body,
    encoding: m.encoding,
    segments: m.segments,
    price_per_segment: money(m.pricePerSegment),
    price: money(m.price),
    currency,
    status: m.status,
    charged_account_id: m.chargedAccountId,
    transfer_id: m.transferId.toString(),
    refund_transfer_id: m.refundTransferId?.toString() ?? null,
    campaign: m.campaign,
    reference: m.reference,
    error: m.errorCode ? { code: m.errorCode, message: m.errorMessage } : null,
    created_at: m.createdAt.toISOString(),
    sent_at: m.sentAt?.toISOString() ?? null,
    done_at: m.doneAt?.toISOString() ?? null,
  };
}

export function nativeEstimate(priced: PricedRequest, currency: string): MessageEstimateJson {
  return {
    count: priced.messages.length,
    segments: priced.segments,
    total_price: money(priced.total),
    currency,
    messages: priced.messages.map((m) => ({
      to: m.recipient,
      country: m.country,
      encoding: m.encoding,
      segments: m.segments,
      price_per_segment: money(m.pricePerSegment),
      price: money(m.price),
    })),
    rejected: priced.rejected.map((r) => ({ index: r.index, to: r.to, reason: r.reason })),
  };
}

/** SMS.to's status words: upper case (QUEUED, SENT, DELIVERED, FAILED). */
export const smstoStatus = (status: string) => status.toUpperCase();

const smstoTime = (d: Date | null) => (d ? d.toISOString().slice(0, 19).replace("T", " ") : null);

export function smstoMessage(m: MessageRow) {
  return {
    id: m.id.toString(),
    _id: m.id.toString(),
    campaign_id: m.batchId,
    user_id: m.accountId,
    sender_id: m.senderId,
    to: m.recipient,
    message: m.body,
    status: smstoStatus(m.status),
    sms_count: m.segments,
    price: jsonDecimal(m.price),
    cost: jsonDecimal(m.price),
    failed_reason: m.errorMessage,
    created_at: smstoTime(m.createdAt),
    updated_at: smstoTime(m.doneAt ?? m.sentAt ?? m.createdAt),
    sent_at: smstoTime(m.sentAt),
  };
}

export function smstoEstimate(priced: PricedRequest) {
  const segments = priced.messages.map((m) => m.segments);
  return {
    sms_count: priced.segments,
    estimated_cost: jsonDecimal(priced.total),
    min_sms_count: segments.length ? Math.min(...segments) : 0,
    max_sms_count: segments.length ? Math.max(...segments) : 0,
    contact_count: priced.messages.length,
    invalid_count: priced.rejected.length,
    errors: priced.rejected.map((r) => `${r.to}: ${r.reason}`),
  };
}

export function nativeScheduledSend(s: ScheduledSendRow, currency: string): ScheduledSendJson {
  return {
    batch_id: s.batchId,
    account_id: s.accountId,
    account_name: s.accountName,
    status: s.status,
    scheduled_at: s.scheduledAt.toISOString(),
    count: s.messageCount,
    first_to: s.firstRecipient,
    sender_id: s.senderId,
    campaign: s.campaign,
    quoted_total: money(s.quotedTotal),
    currency,
    failure: s.failure,
    transfer_id: s.transferId?.toString() ?? null,
    created_at: s.createdAt.toISOString(),
    done_at: s.doneAt?.toISOString() ?? null,
  };
}

export function nativeScheduledSendDetail(s: ScheduledSendDetail, currency: string): ScheduledSendDetailJson {
  return {
    ...nativeScheduledSend(s, currency),
    callback_url: s.callbackUrl,
    messages: s.messages.map((m) => ({
      to: m.recipient,
      country: m.country,
      message: m.body,
      segments: m.segments,
      price_per_segment: money(m.pricePerSegment),
      price: money(m.price),
      reference: m.reference,
    })),
  };
}

export function sendInputFromNative(body: NativeSendBody, idempotencyKey: string | null): SendMessagesInput {
  const messages = "messages" in body ? body.messages.map((m) => ({ to: m.to, body: m.message })) : (Array.isArray(body.to) ? body.to : [body.to]).map((to) => ({ to, body: body.message }));
  return { messages, senderId: body.sender_id, callbackUrl: body.callback_url, idempotencyKey };
}
