import { z } from "zod";

/** One request carries at most this many recipients; it is charged and written in one transaction. */
export const MAX_RECIPIENTS_PER_REQUEST = 1000;
export const MAX_MESSAGE_CHARACTERS = 1600;
/** What a message is sent as when the request names no sender id. */
export const DEFAULT_SENDER_ID = "Subledger";

const callbackUrlSchema = z
  .string()
  .trim()
  .max(2048, "The callback URL is too long.")
  .refine((value) => {
    try {
      const url = new URL(value);
      return url.protocol === "https:" || url.protocol === "http:";
    } catch {
      return false;
    }
  }, "The callback URL must be an http(s) URL.");

/**
 * What every API surface turns its request into: one text to many recipients, or personalised texts. The
 * recipients and the sender id are checked one by one later (so that a bulk send can list each bad number).
 */
export const sendMessagesSchema = z.object({
  messages: z
    .array(
      z.object({
        to: z.string().max(64, "The number is too long."),
        body: z.string().max(MAX_MESSAGE_CHARACTERS, `A message has at most ${MAX_MESSAGE_CHARACTERS} characters.`),
        /** the caller's id for this message (SMS Central's REFERENCE): unique per sending account */
        reference: z.string().trim().min(1).max(100, "A reference has at most 100 characters.").nullish(),
      }),
    )
    .min(1, "Name at least one recipient.")
    .max(MAX_RECIPIENTS_PER_REQUEST, `At most ${MAX_RECIPIENTS_PER_REQUEST} recipients per request.`),
  senderId: z.string().max(32).nullish(),
  /** a free label for the request's messages (SMS Central's CAMPAIGN) */
  campaign: z.string().trim().min(1).max(100, "A campaign has at most 100 characters.").nullish(),
  callbackUrl: callbackUrlSchema.nullish(),
  idempotencyKey: z.string().min(1).max(255).nullish(),
});
export type SendMessagesInput = z.input<typeof sendMessagesSchema>;

/** The message log's Cancel: the account the log shows, and the scheduled send's id. */
export const cancelScheduledSchema = z.object({ accountId: z.number().int().positive(), batchId: z.uuid() });
