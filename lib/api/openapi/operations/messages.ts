import { defineOperations } from "../operation";
import {
  listMessagesWireQuerySchema,
  messageDetailSchema,
  messageEstimateSchema,
  messageIdParamsSchema,
  messagePageSchema,
  nativeSendBodySchema,
  scheduledSendDetailSchema,
  sendResultSchema,
  sentMessageSchema,
} from "@/lib/api/v1/messages";
import { z } from "zod";

const sent = {
  id: "1042",
  batch_id: "7c0e5c1e-2f7a-4a53-9d0c-0f3f1b9a6e21",
  to: "+35799123456",
  country: "CY",
  segments: 1,
  price_per_segment: "0.045",
  price: "0.045",
  currency: "EUR",
  status: "queued",
  charged_account_id: 42,
  transfer_id: "88310",
  created_at: "2026-11-24T09:30:12.345Z",
} as const;

const message = {
  id: "1042",
  account_id: 42,
  account_name: "Acme Retail",
  batch_id: sent.batch_id,
  to: "+35799123456",
  country: "CY",
  sender_id: "Acme",
  message: "Your code is 1234",
  encoding: "gsm7",
  segments: 1,
  price_per_segment: "0.045",
  price: "0.045",
  currency: "EUR",
  status: "delivered",
  charged_account_id: 42,
  transfer_id: "88310",
  refund_transfer_id: null,
  campaign: null,
  reference: null,
  error: null,
  created_at: "2026-11-24T09:30:12.345Z",
  sent_at: "2026-11-24T09:30:12.901Z",
  done_at: "2026-11-24T09:30:15.120Z",
} as const;

// a send answers one of two shapes, depending on whether `to` was one number
const sendReplySchema = z.union([sentMessageSchema, sendResultSchema]).meta({
  description: "`to` as one number: the message. A list, or `messages`: the batch.",
});

export const MESSAGE_OPERATIONS = defineOperations([
  {
    method: "post",
    path: "/api/v1/messages",
    operationId: "sendMessages",
    summary: "Send messages",
    description:
      "Sends from the key's account and charges it (or the postpaid account it bills to) in one ledger transfer. " +
      "Every recipient is checked first: one bad number refuses the whole request with 422 and nothing is charged. " +
      "With a future `scheduled_at`, the same checks and prices happen now and the reply is 202 with the scheduled send; " +
      "it is charged and sent at its time (or fails then, with the reason, if the balance does not cover it).",
    tags: ["Messages"],
    body: nativeSendBodySchema,
    idempotency: "optional",
    responses: {
      201: sendReplySchema,
      202: scheduledSendDetailSchema,
      402: "The paying account's balance does not cover the batch; nothing was sent.",
      409: "The account is suspended, or the Idempotency-Key was used with another body.",
      422: "A recipient, the text or the sender id is invalid; `details` names each (`messages.<i>.to`).",
    },
    example: { body: { to: "+35799123456", message: "Your code is 1234", sender_id: "Acme" }, response: sent },
  },
  {
    method: "get",
    path: "/api/v1/messages",
    operationId: "listMessages",
    summary: "List messages",
    description: "The message log of the key's account and its subtree (or of `account_id`, an account below it), newest first.",
    tags: ["Messages"],
    query: listMessagesWireQuerySchema,
    responses: { 200: messagePageSchema, 404: "`account_id` is not in the key's subtree." },
    example: {
      query: { status: "delivered", page_size: "25" },
      response: { data: [message], page: 1, page_size: 25, total: 1, total_is_capped: false },
    },
  },
  {
    method: "post",
    path: "/api/v1/messages/estimate",
    operationId: "estimateMessages",
    summary: "Estimate a send",
    description: "What the same body would cost as a send, per message, with the recipients it would refuse. Nothing is sent or charged.",
    tags: ["Messages"],
    body: nativeSendBodySchema,
    responses: { 200: messageEstimateSchema },
    example: {
      body: { to: ["+35799123456", "+447700900123"], message: "Sale ends tonight" },
      response: {
        count: 2,
        segments: 2,
        total_price: "0.085",
        currency: "EUR",
        messages: [
          { to: "+35799123456", country: "CY", encoding: "gsm7", segments: 1, price_per_segment: "0.045", price: "0.045" },
          { to: "+447700900123", country: "GB", encoding: "gsm7", segments: 1, price_per_segment: "0.04", price: "0.04" },
        ],
        rejected: [],
      },
    },
  },
  {
    method: "get",
    path: "/api/v1/messages/{id}",
    operationId: "getMessage",
    summary: "Get a message",
    description: "One message of the key's subtree with its status history.",
    tags: ["Messages"],
    params: messageIdParamsSchema,
    responses: { 200: messageDetailSchema, 404: "No such message in the key's subtree." },
    example: {
      params: { id: "1042" },
      response: {
        ...message,
        charged_account_name: "Acme Retail",
        callback_url: null,
        provider_id: "sbx-1042",
        events: [
          { status: "queued", detail: null, at: "2026-11-24T09:30:12.345Z" },
          { status: "sent", detail: null, at: "2026-11-24T09:30:12.901Z" },
          { status: "delivered", detail: null, at: "2026-11-24T09:30:15.120Z" },
        ],
      },
    },
  },
]);
