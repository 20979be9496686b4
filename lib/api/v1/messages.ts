// The native messaging wire: the send body, and every reply of /api/v1/messages… The serialisers in
// lib/api/message-json.ts are typed by these schemas, and the OpenAPI document is generated from them.
import { z } from "zod";
import { MAX_MESSAGE_CHARACTERS, MAX_RECIPIENTS_PER_REQUEST } from "@/lib/domain/messaging/schemas";
import { MESSAGE_STATUSES } from "@/lib/domain/messaging/list-messages-schema";
import { bigIdString, decimalString, isoDay, timestamp } from "@/lib/api/openapi/primitives";

const recipient = z.string().max(64).meta({ description: "The number in international format (E.164), e.g. +35799123456.", examples: ["+35799123456"] });
const text = z.string().max(10_000).meta({ description: `The text; at most ${MAX_MESSAGE_CHARACTERS} characters (GSM-7 or UCS-2 segments).` });
const senderId = z.string().max(32).optional().meta({ description: "Alphanumeric (up to 11 characters) or numeric sender id; default Subledger." });
const callbackUrl = z.string().max(2048).optional().meta({ description: "An http(s) URL that receives each status change as a POST." });
const scheduledAt = z.iso
  .datetime({ offset: true })
  .optional()
  .meta({
    description:
      "Send later: an ISO 8601 time with its offset (`2026-12-24T09:00:00+02:00`), up to a year ahead. The request is checked and priced now " +
      "and answered with 202 and the scheduled send; it is charged and sent at that time (see `/api/v1/scheduled`).",
    examples: ["2026-12-24T09:00:00+02:00"],
  });

/** The native send body: one text to one or many numbers, or personalised texts. */
export const nativeSendBodySchema = z
  .union([
    z.strictObject({
      to: z.union([recipient, z.array(recipient).min(1).max(MAX_RECIPIENTS_PER_REQUEST)]).meta({
        description: `One number (the reply is the message) or a list of up to ${MAX_RECIPIENTS_PER_REQUEST} (the reply is the batch).`,
      }),
      message: text,
      sender_id: senderId,
      callback_url: callbackUrl,
      scheduled_at: scheduledAt,
    }),
    z.strictObject({
      messages: z
        .array(z.strictObject({ to: recipient, message: text }))
        .min(1)
        .max(MAX_RECIPIENTS_PER_REQUEST)
        .meta({ description: "Personalised texts, one per recipient." }),
      sender_id: senderId,
      callback_url: callbackUrl,
      scheduled_at: scheduledAt,
    }),
  ])
  .meta({ id: "SendMessagesRequest", description: "One text to one or many numbers, or a personalised text per number." });
export type NativeSendBody = z.infer<typeof nativeSendBodySchema>;

export const messageStatusSchema = z.enum(MESSAGE_STATUSES).meta({ description: "queued → sent → delivered, or failed (refunded)." });
const currency = z.string().length(3).meta({ description: "ISO 4217 code of the account's currency.", examples: ["EUR"] });
const country = z.string().meta({ description: "ISO 3166-1 alpha-2 code of the destination.", examples: ["CY"] });

export const sentMessageSchema = z
  .object({
    id: bigIdString,
    batch_id: z.string(),
    to: z.string(),
    country,
    segments: z.int(),
    price_per_segment: decimalString,
    price: decimalString,
    currency,
    status: messageStatusSchema,
    charged_account_id: z.int().meta({ description: "The account that paid: the sender, or the postpaid account it bills to." }),
    transfer_id: bigIdString.meta({ description: "The ledger transfer that charged the batch." }),
    created_at: timestamp,
  })
  .meta({ id: "SentMessage", description: "The message, accepted and charged." });
export type SentMessageJson = z.infer<typeof sentMessageSchema>;

export const sendResultSchema = z
  .object({
    batch_id: z.string(),
    count: z.int(),
    total_price: decimalString,
    currency,
    charged_account_id: z.int(),
    charged_balance_after: decimalString.meta({ description: "The paying account's balance after the charge." }),
    transfer_id: bigIdString,
    messages: z.array(sentMessageSchema),
  })
  .meta({ id: "SendResult", description: "The batch, accepted and charged in one transfer." });
export type SendResultJson = z.infer<typeof sendResultSchema>;

export const messageSchema = z
  .object({
    id: bigIdString,
    account_id: z.int().meta({ description: "The account that sent it." }),
    account_name: z.string(),
    batch_id: z.string(),
    to: z.string(),
    country,
    sender_id: z.string(),
    message: z.string(),
    encoding: z.enum(["gsm7", "ucs2"]),
    segments: z.int(),
    price_per_segment: decimalString,
    price: decimalString,
    currency,
    status: messageStatusSchema,
    charged_account_id: z.int(),
    transfer_id: bigIdString,
    refund_transfer_id: bigIdString.nullable().meta({ description: "The refund's transfer, when the message failed." }),
    campaign: z.string().nullable().meta({ description: "The request's label (SMS Central's CAMPAIGN)." }),
    reference: z.string().nullable().meta({ description: "The caller's id for the message (SMS Central's REFERENCE), unique per sending account." }),
    error: z.object({ code: z.string(), message: z.string().nullable() }).nullable(),
    created_at: timestamp,
    sent_at: timestamp.nullable(),
    done_at: timestamp.nullable().meta({ description: "When it was delivered or failed." }),
  })
  .meta({ id: "Message", description: "A message of the key's subtree." });
export type MessageJson = z.infer<typeof messageSchema>;

export const messageDetailSchema = messageSchema
  .extend({
    charged_account_name: z.string(),
    callback_url: z.string().nullable(),
    provider_id: z.string().nullable().meta({ description: "The carrier's id for the message, once sent." }),
    events: z.array(z.object({ status: messageStatusSchema, detail: z.string().nullable(), at: timestamp })).meta({ description: "Its status history, oldest first." }),
  })
  .meta({ id: "MessageDetail", description: "The message with its status history." });
export type MessageDetailJson = z.infer<typeof messageDetailSchema>;

export const messagePageSchema = z
  .object({
    data: z.array(messageSchema),
    page: z.int(),
    page_size: z.int(),
    total: z.int(),
    total_is_capped: z.boolean().meta({ description: "true when `total` stopped counting at its cap (the log has at least that many)." }),
  })
  .meta({ id: "MessagePage", description: "One page of the message log, newest first unless `sort` says otherwise." });
export type MessagePageJson = z.infer<typeof messagePageSchema>;

export const messageEstimateSchema = z
  .object({
    count: z.int(),
    segments: z.int(),
    total_price: decimalString,
    currency,
    messages: z.array(
      z.object({
        to: z.string(),
        country,
        encoding: z.enum(["gsm7", "ucs2"]),
        segments: z.int(),
        price_per_segment: decimalString,
        price: decimalString,
      }),
    ),
    rejected: z
      .array(z.object({ index: z.int(), to: z.string(), reason: z.string() }))
      .meta({ description: "Recipients a send would refuse, by their position in the request." }),
  })
  .meta({ id: "MessageEstimate", description: "What the send would cost; nothing was sent or charged." });
export type MessageEstimateJson = z.infer<typeof messageEstimateSchema>;

/** The log's filters as the wire names them (GET /api/v1/messages); a bad value falls back to its default. */
export const listMessagesWireQuerySchema = z.object({
  page: z.int().min(1).optional().meta({ description: "1-based page; default 1." }),
  page_size: z.int().min(1).max(100).optional().meta({ description: "Rows per page, 1 to 100; default 25." }),
  account_id: z.int().optional().meta({ description: "Whose log: an account in the key's subtree; default the key's account." }),
  scope: z.enum(["account", "subtree"]).optional().meta({ description: "The account's own messages, or its whole subtree's (default)." }),
  member_id: z.int().optional().meta({ description: "Only this member's own messages." }),
  status: messageStatusSchema.optional(),
  from: isoDay.optional().meta({ description: "First UTC day, inclusive." }),
  to: isoDay.optional().meta({ description: "Last UTC day, inclusive." }),
  recipient: z.string().optional().meta({ description: "Digits of the recipient's number (any part)." }),
  sender_id: z.string().optional(),
  q: z.string().optional().meta({ description: "Words in the text." }),
  campaign: z.string().optional().meta({ description: "Exactly this campaign label." }),
  reference: z.string().optional().meta({ description: "Exactly this reference." }),
  sort: z.enum(["newest", "oldest", "price_desc", "price_asc"]).optional(),
});

export const messageIdParamsSchema = z.object({ id: bigIdString.meta({ description: "The message's id." }) });

export const scheduledSendStatusSchema = z
  .enum(["scheduled", "sent", "failed", "cancelled"])
  .meta({ description: "scheduled (waiting) → sent (its messages are in the log, batch_id) | failed (at its time; `failure` says why) | cancelled." });

export const scheduledSendSchema = z
  .object({
    batch_id: z.string().meta({ description: "The scheduled send's id; its messages carry it as their batch_id once sent." }),
    account_id: z.int().meta({ description: "The account that sends it." }),
    account_name: z.string(),
    status: scheduledSendStatusSchema,
    scheduled_at: timestamp,
    count: z.int().meta({ description: "How many messages it sends." }),
    first_to: z.string().meta({ description: "The first recipient." }),
    sender_id: z.string(),
    campaign: z.string().nullable(),
    quoted_total: decimalString.meta({ description: "The price when it was scheduled; the charge is the price at its time." }),
    currency,
    failure: z.string().nullable().meta({ description: "Why it failed at its time (insufficient funds, a suspended account…)." }),
    transfer_id: bigIdString.nullable().meta({ description: "The charge, once sent." }),
    created_at: timestamp,
    done_at: timestamp.nullable().meta({ description: "When it was sent, failed or cancelled." }),
  })
  .meta({ id: "ScheduledSend", description: "A send kept for later: checked and priced, charged when it goes out." });
export type ScheduledSendJson = z.infer<typeof scheduledSendSchema>;

export const scheduledSendDetailSchema = scheduledSendSchema
  .extend({
    callback_url: z.string().nullable(),
    messages: z.array(
      z.object({
        to: z.string(),
        country,
        message: z.string(),
        segments: z.int(),
        price_per_segment: decimalString,
        price: decimalString,
        reference: z.string().nullable(),
      }),
    ),
  })
  .meta({ id: "ScheduledSendDetail", description: "The scheduled send with each message it will send, as priced when scheduled." });
export type ScheduledSendDetailJson = z.infer<typeof scheduledSendDetailSchema>;

export const scheduledSendPageSchema = z
  .object({ data: z.array(scheduledSendSchema), page: z.int(), page_size: z.int(), total: z.int(), waiting: z.int() })
  .meta({ id: "ScheduledSendPage", description: "One page of scheduled sends: the waiting ones first, soonest first, then the rest, latest first." });
export type ScheduledSendPageJson = z.infer<typeof scheduledSendPageSchema>;

export const listScheduledWireQuerySchema = z.object({
  page: z.int().min(1).optional().meta({ description: "1-based page; default 1." }),
  page_size: z.int().min(1).max(100).optional().meta({ description: "Rows per page, 1 to 100; default 25." }),
  account_id: z.int().optional().meta({ description: "Whose: an account in the key's subtree; default the key's account." }),
  scope: z.enum(["account", "subtree"]).optional().meta({ description: "The account's own, or its whole subtree's (default)." }),
  member_id: z.int().optional().meta({ description: "Only this member's own." }),
  status: scheduledSendStatusSchema.optional(),
});

export const batchIdParamsSchema = z.object({ batchId: z.uuid().meta({ description: "The scheduled send's id." }) });
