// SMS.to's send and estimate bodies (reference/smsto-api.md §3), turned into the domain's send request.
import { z } from "zod";
import { ValidationError } from "@/lib/domain/errors";
import type { SendMessagesInput } from "@/lib/domain/messaging/schemas";
import { isTimeZone, parseScheduleTime, scheduleTimeOrNow } from "@/lib/domain/messaging/schedule-time";

const text = z.string().max(10_000);
const optionalText = z.string().max(2048).nullish();

/** Lenient like SMS.to: unknown keys are ignored, and the PHP SDK's older camelCase spellings are accepted. */
export const smstoSendBodySchema = z.object({
  message: text.optional(),
  to: z.union([z.string().max(64), z.array(z.string().max(64)).max(1000)]).optional(),
  messages: z.array(z.object({ to: z.string().max(64), message: text })).max(1000).optional(),
  list_id: z.union([z.string(), z.number()]).nullish(),
  sender_id: z.string().max(32).nullish(),
  senderID: z.string().max(32).nullish(),
  callback_url: optionalText,
  callbackURL: optionalText,
  scheduled_for: z.string().max(64).nullish(),
  scheduledFor: z.string().max(64).nullish(),
  timezone: z.string().max(64).nullish(),
  bypass_optout: z.union([z.boolean(), z.number(), z.string()]).nullish(),
});
export type SmstoSendBody = z.infer<typeof smstoSendBodySchema>;

/** A campaign (a list of `to`, or `messages`) answers with a campaign id; a single `to`, with a message id. */
export function isCampaign(body: SmstoSendBody) {
  return Array.isArray(body.to) || body.messages !== undefined;
}

export function sendInputFromSmsto(body: SmstoSendBody, idempotencyKey: string | null): SendMessagesInput {
  if (body.list_id != null) {
    throw new ValidationError("Sending to a contact list is not supported here: send the numbers in `to`.", { list_id: ["Contact lists are not supported."] });
  }
  const messages = body.messages
    ? body.messages.map((m) => ({ to: m.to, body: m.message }))
    : body.to === undefined
      ? []
      : (Array.isArray(body.to) ? body.to : [body.to]).map((to) => ({ to, body: body.message ?? "" }));
  if (messages.length === 0) throw new ValidationError("The to field is required.", { to: ["The to field is required."] });
  if (!body.messages && !body.message) throw new ValidationError("The message field is required.", { message: ["The message field is required."] });
  return {
    messages,
    senderId: body.sender_id ?? body.senderID,
    callbackUrl: body.callback_url ?? body.callbackURL,
    idempotencyKey,
  };
}

/**
 * `scheduled_for` ("YYYY-MM-DD HH:mm:ss", or the PHP SDK's older `scheduledFor`) in `timezone` (a TZ id; UTC when
 * absent): null when absent or already due (sent at once), else the time the send is kept for.
 */
export function smstoScheduleTime(body: SmstoSendBody): Date | null {
  const text = (body.scheduled_for ?? body.scheduledFor)?.trim();
  if (!text) return null;
  const zone = body.timezone?.trim() || "UTC";
  if (!isTimeZone(zone)) throw new ValidationError(`The timezone ${zone} is not a time zone (e.g. Europe/Athens, UTC).`, { timezone: ["Not a time zone."] });
  const at = parseScheduleTime(text, zone);
  if (!at) throw new ValidationError("The scheduled_for field must be YYYY-MM-DD HH:mm:ss.", { scheduled_for: ["Use YYYY-MM-DD HH:mm:ss."] });
  return scheduleTimeOrNow(at, "scheduled_for");
}
