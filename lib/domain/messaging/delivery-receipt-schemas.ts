import { z } from "zod";

/**
 * Where an account's delivery receipts go (SMS Central's push, reference-smscentral §5): an http(s) URL. Its own
 * query string is kept; the receipt's parameters are added to it.
 */
export const deliveryReceiptUrlField = z
  .string({ error: "Enter the URL as text." })
  .trim()
  // one message per mistake: an empty or overlong URL is not also "not an address"
  .min(1, { error: "Enter the URL receipts are sent to.", abort: true })
  .max(2000, { error: "Keep the URL under 2,000 characters.", abort: true })
  .refine((value) => {
    try {
      const url = new URL(value);
      return (url.protocol === "http:" || url.protocol === "https:") && url.hostname !== "" && !url.username && !url.password;
    } catch {
      return false;
    }
  }, "Enter an http:// or https:// address, without a user name or password in it.");

const userNameField = z
  .string({ error: "Send the user name as text, or null." })
  .trim()
  .max(100, "Keep the user name under 100 characters.")
  .nullish()
  .transform((value) => (value ? value : null));

/** Undefined or empty keeps the stored password, null removes it, text replaces it (it is never shown again). */
const passwordField = z
  .string({ error: "Send the password as text, or null." })
  .max(200, "Keep the password under 200 characters.")
  .nullish()
  .transform((value) => (value === "" ? undefined : value));

export const setDeliveryReceiptUrlSchema = z
  .object({
    accountId: z.number().int().positive(),
    url: deliveryReceiptUrlField,
    userName: userNameField,
    password: passwordField,
  })
  .superRefine((input, ctx) => {
    if (input.userName === null && typeof input.password === "string") {
      ctx.addIssue({ code: "custom", path: ["userName"], message: "Enter the user name that goes with the password." });
    }
  });
export type SetDeliveryReceiptUrlInput = z.input<typeof setDeliveryReceiptUrlSchema>;

export const deliveryReceiptAccountSchema = z.object({ accountId: z.number().int().positive() });

/** What anyone may read back of the setting: never the password, only whether one is stored. */
export type DeliveryReceiptUrlView = { url: string; userName: string | null; hasPassword: boolean };
