// The wire vocabulary every native schema shares, so the OpenAPI document describes each kind of value once.
import { z } from "zod";

/** Money on the native wire: an exact decimal string of the currency, never a JSON number (a float once parsed). */
export const decimalString = z
  .string()
  .regex(/^-?\d+(\.\d+)?$/)
  .meta({ description: 'An exact decimal amount in the account\'s currency, as a string, e.g. "0.045".', examples: ["12.50"] });

/** Ids of rows that can pass 2^53 (messages, transfers) go out as strings of digits. */
export const bigIdString = z.string().regex(/^\d+$/).meta({ description: "A 64-bit id, as a string of digits." });

/** An ISO 8601 instant in UTC, as `Date.prototype.toISOString` writes it. */
export const timestamp = z.iso.datetime().meta({ description: "An instant in UTC (ISO 8601)." });

/** A UTC calendar day. */
export const isoDay = z.iso.date().meta({ description: "A UTC date, YYYY-MM-DD." });

/** Path ids of accounts: a positive integer written in the path. */
export const accountIdParam = z.string().regex(/^[1-9]\d{0,9}$/).meta({ description: "The account's id.", examples: ["42"] });

/** The native API's error reply (lib/api/native.ts): every 4xx and 5xx carries it. */
export const apiErrorSchema = z
  .object({
    error: z.object({
      code: z.string().meta({ description: "Stable and machine-readable, e.g. `validation_failed`, `not_found`, `insufficient_funds`." }),
      message: z.string().meta({ description: "For people: what went wrong and what to do." }),
      details: z
        .record(z.string(), z.array(z.string()))
        .optional()
        .meta({ description: "With 422: the problems per field, keyed by the field's dotted path (`messages.0.to`); `_` is the request as a whole." }),
    }),
  })
  .meta({ id: "Error", description: "An error reply of the native API." });
export type ApiErrorBody = z.infer<typeof apiErrorSchema>;
