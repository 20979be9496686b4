// SMS.to's OAuth mode (reference/smsto-api.md §1, §8 P0b and P13): the token request's body and the reply its PHP
// SDK reads. Only `jwt` is required by the SDK; `expires` (the lifetime in minutes, 0 = none: the SDK keeps it
// as its TTL) and `token_type` complete the shape SMS.to's own replies have.
import { z } from "zod";
import { MAX_TOKEN_MINUTES } from "@/lib/domain/api-keys/api-token-format";
import type { IssuedApiToken } from "@/lib/domain/api-keys/issue-api-token";

const requiredString = (field: string) =>
  z.string({ error: (issue) => (issue.input === undefined || issue.input === null ? `The ${field} field is required.` : `The ${field} must be a string.`) });

/**
 * POST /oauth/token: `{"client_id": …, "secret": …, "expires_in": minutes}`. The SDK sends `expires_in: 0` when
 * no lifetime is configured (a PHP `(int)null`); absent, null and 0 all mean no expiry. A digit string is read
 * as the number, as Laravel's `integer` rule does.
 */
export const smstoTokenBodySchema = z.object({
  client_id: requiredString("client id"),
  secret: requiredString("secret"),
  expires_in: z
    .preprocess(
      (v) => (typeof v === "string" && /^\s*\d{1,12}\s*$/.test(v) ? Number(v) : v),
      z
        .number({ error: "The expires in must be an integer (minutes)." })
        .int("The expires in must be an integer (minutes).")
        .min(0, "The expires in must be at least 0.")
        .max(MAX_TOKEN_MINUTES, `The expires in may not be greater than ${MAX_TOKEN_MINUTES} (minutes).`)
        .nullable(),
    )
    .optional(),
});

export type SmstoTokenReply = { jwt: string; expires: number; token_type: "bearer" };

export const smstoTokenReply = (issued: IssuedApiToken): SmstoTokenReply => ({ jwt: issued.jwt, expires: issued.expiresInMinutes, token_type: "bearer" });
