import { smstoRoute, readSmstoBody } from "@/lib/api/smsto";
import { idempotencyKeyFromRequest } from "@/lib/api/native";
import { jsonResponse } from "@/lib/api/json";
import { isCampaign, sendInputFromSmsto, smstoScheduleTime, smstoSendBodySchema } from "@/lib/api/smsto-messages";
import { sendMessages } from "@/lib/domain/messaging/send-messages";
import { scheduleMessages } from "@/lib/domain/messaging/schedule-messages";

const QUEUED = "Message is queued for sending! Please check report for update";
const SCHEDULED = "Message is scheduled for sending! Please check report for update";

/**
 * SMS.to's POST /sms/send: a single message, a campaign (a list of `to`) or personalised `messages`; with
 * `scheduled_for` (+ `timezone`), kept until then and answered as a campaign (reference §3, "Scheduled").
 */
export const POST = smstoRoute(async ({ req, ctx }) => {
  const body = await readSmstoBody(req, smstoSendBodySchema);
  const input = sendInputFromSmsto(body, idempotencyKeyFromRequest(req));
  const scheduledAt = smstoScheduleTime(body);
  if (scheduledAt) {
    const scheduled = await scheduleMessages({ ctx, input, scheduledAt });
    return jsonResponse({ success: true, message: SCHEDULED, campaign_id: scheduled.batchId }, { headers: scheduled.replayed ? { "idempotent-replayed": "true" } : undefined });
  }
  const result = await sendMessages({ ctx, input });
  const reply = isCampaign(body)
    ? { success: true, message: QUEUED, campaign_id: result.batchId }
    : { success: true, message: QUEUED, message_id: result.messages[0].id.toString() };
  return jsonResponse(reply, { headers: result.replayed ? { "idempotent-replayed": "true" } : undefined });
});
