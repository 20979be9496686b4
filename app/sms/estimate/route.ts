import { smstoRoute, readSmstoBody } from "@/lib/api/smsto";
import { sendInputFromSmsto, smstoSendBodySchema } from "@/lib/api/smsto-messages";
import { smstoEstimate } from "@/lib/api/message-json";
import { priceMessages } from "@/lib/domain/messaging/price-messages";

/** SMS.to's POST /sms/estimate: the same bodies as /sms/send, priced without sending. */
export const POST = smstoRoute(async ({ req, ctx }) => {
  const body = await readSmstoBody(req, smstoSendBodySchema);
  return { success: true, ...smstoEstimate(await priceMessages(ctx, sendInputFromSmsto(body, null))) };
});
