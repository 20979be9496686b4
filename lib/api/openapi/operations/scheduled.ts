import { defineOperations } from "../operation";
import { batchIdParamsSchema, listScheduledWireQuerySchema, scheduledSendDetailSchema, scheduledSendPageSchema } from "@/lib/api/v1/messages";

export const SCHEDULED_TAG = {
  name: "Scheduled sends",
  description: "Sends kept for later (`scheduled_at` on a send): list them, read one, cancel one before its time.",
};

const scheduled = {
  batch_id: "7c0e5c1e-2f7a-4a53-9d0c-0f3f1b9a6e21",
  account_id: 42,
  account_name: "Acme Retail",
  status: "scheduled",
  scheduled_at: "2026-12-24T07:00:00.000Z",
  count: 1,
  first_to: "+35799123456",
  sender_id: "Acme",
  campaign: null,
  quoted_total: "0.045",
  currency: "EUR",
  failure: null,
  transfer_id: null,
  created_at: "2026-12-08T10:15:02.118Z",
  done_at: null,
} as const;

const detail = {
  ...scheduled,
  callback_url: null,
  messages: [{ to: "+35799123456", country: "CY", message: "Merry Christmas from Acme", segments: 1, price_per_segment: "0.045", price: "0.045", reference: null }],
};

export const SCHEDULED_OPERATIONS = defineOperations([
  {
    method: "get",
    path: "/api/v1/scheduled",
    operationId: "listScheduledSends",
    summary: "List scheduled sends",
    description: "The scheduled sends of the key's account and its subtree (or of `account_id`, an account below it): waiting ones first, soonest first.",
    tags: [SCHEDULED_TAG.name],
    query: listScheduledWireQuerySchema,
    responses: { 200: scheduledSendPageSchema, 404: "`account_id` is not in the key's subtree." },
    example: { query: { status: "scheduled" }, response: { data: [scheduled], page: 1, page_size: 25, total: 1, waiting: 1 } },
  },
  {
    method: "get",
    path: "/api/v1/scheduled/{batchId}",
    operationId: "getScheduledSend",
    summary: "Get a scheduled send",
    description: "One scheduled send of the key's subtree, with each message as priced when it was scheduled.",
    tags: [SCHEDULED_TAG.name],
    params: batchIdParamsSchema,
    responses: { 200: scheduledSendDetailSchema, 404: "No such scheduled send in the key's subtree." },
    example: { params: { batchId: scheduled.batch_id }, response: detail },
  },
  {
    method: "post",
    path: "/api/v1/scheduled/{batchId}/cancel",
    operationId: "cancelScheduledSend",
    summary: "Cancel a scheduled send",
    description: "Cancels a scheduled send that is still waiting. Nothing was charged, so nothing moves; its references are free again.",
    tags: [SCHEDULED_TAG.name],
    params: batchIdParamsSchema,
    responses: {
      200: scheduledSendDetailSchema,
      404: "No such scheduled send in the key's subtree.",
      409: "It already went out, failed or was cancelled.",
    },
    example: { params: { batchId: scheduled.batch_id }, response: { ...detail, status: "cancelled", done_at: "2026-12-09T08:00:00.000Z" } },
  },
]);
