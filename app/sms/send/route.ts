import { smstoRoute, readSmstoBody } from "@/lib/api/smsto";
import { idempotencyKeyFromRequest } from "@/lib/api/native";
import { jsonResponse } from "@/lib/api/json";
import { isCampaign, sendInputFromSmsto, smstoSendBodySchema } from "@/lib/api/smsto-messages";
import { sendMessages } from "@/lib/domain/messaging/send-messages";

const QUEUED = "Message is queued for sending! Please check report for update";

/** SMS.to's POST /sms/send: a single message, a campaign (a list of `to`) or personalised `messages`. */
export const POST = smstoRoute(async ({ req, ctx }) => {
  const body = await readSmstoBody(req, smstoSendBodySchema);
  const result = await sendMessages({ ctx, input: sendInputFromSmsto(body, idempotencyKeyFromRequest(req)) });
  const reply = isCampaign(body)
    ? { success: true, message: QUEUED, campaign_id: result.batchId }
    : { success: true, message: QUEUED, message_id: result.messages[0].id.toString() };
  return jsonResponse(reply, { headers: result.replayed ? { "idempotent-replayed": "true" } : undefined });
});
