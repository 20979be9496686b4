import { z } from "zod";
import { parseRecipient } from "@/lib/domain/messaging/recipient";
import { newPasswordSchema } from "./people-schemas";
import { usernameSchema } from "./sign-in-name";

// Apart from people-schemas.ts: the mobile number is checked with libphonenumber's full metadata, which the
// dashboard's forms (importing people-schemas) must not carry into the browser.

/** One account the new user gets a role on, at most this many per user. */
export const MAX_USER_ACCOUNTS = 100;

const roleSchema = z.enum(["owner", "admin", "viewer"], { error: "Choose owner, admin or viewer." });

/**
 * A new user with a username (SMS Central's user/create): a sign-in name, a password, a name, optionally an
 * e-mail address and a mobile number, and a role on each of one or more accounts, in the order given (the
 * first is the account SMS Central's API acts as: usableMembershipOrder).
 */
export const createUserSchema = z.object({
  username: usernameSchema,
  password: newPasswordSchema,
  name: z.string().trim().min(1, "Enter the person's name.").max(120, "Keep the name under 120 characters."),
  email: z.string().trim().toLowerCase().pipe(z.email("Enter a valid e-mail address.")).pipe(z.string().max(254, "Keep the e-mail address under 254 characters.")).nullable().default(null),
  /** international format (a +, 00 or the country code first), kept as E.164 */
  mobileNumber: z
    .string()
    .nullable()
    .default(null)
    .transform((raw, ctx) => {
      if (raw === null) return null;
      const parsed = parseRecipient(raw);
      if (parsed.ok) return parsed.e164;
      ctx.addIssue({ code: "custom", message: `Enter the mobile number in international format, e.g. +61 412 345 678: ${parsed.reason}.` });
      return z.NEVER;
    }),
  accounts: z
    .array(z.object({ accountId: z.number().int().positive(), role: roleSchema }))
    .min(1, "Give the user a role on at least one account.")
    .max(MAX_USER_ACCOUNTS, `Give the user at most ${MAX_USER_ACCOUNTS} accounts.`)
    .refine((list) => new Set(list.map((a) => a.accountId)).size === list.length, "Name each account once."),
});
export type CreateUserInput = z.input<typeof createUserSchema>;
