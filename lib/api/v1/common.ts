// What the native API's resources share on the wire: path ids, query strings, paging, money as decimal strings,
// and domain field names turned into the wire's. Pure zod and helpers: importable without a database.
import { z } from "zod";
import { NotFoundError, ValidationError } from "@/lib/domain/errors";
import { parseMoney } from "@/lib/money";
import { validationErrorOf } from "../request-body";

const PG_INT_MAX = 2_147_483_647;

/** A path id: a positive integer that fits the column; anything else is as unknown as a missing row (404). */
export function idFromPath(raw: string | string[] | undefined, notFound: string): number {
  const text = Array.isArray(raw) ? raw[0] : raw;
  if (!text || !/^[1-9]\d{0,9}$/.test(text) || Number(text) > PG_INT_MAX) throw new NotFoundError(notFound);
  return Number(text);
}

/** The query string as an object; an empty value (`?q=`) counts as absent. */
export function queryOf(req: Request): Record<string, string> {
  const query: Record<string, string> = {};
  for (const [name, value] of new URL(req.url).searchParams) if (value !== "") query[name] = value;
  return query;
}

/** An id sent as a query parameter (`?parent_id=12`) or a JSON number. */
export const idQuerySchema = z.coerce
  .number({ error: "Send a whole positive number." })
  .int("Send a whole positive number.")
  .positive("Send a whole positive number.")
  .max(PG_INT_MAX, "No such id.");
export const idBodySchema = z
  .number({ error: "Send the id as a number." })
  .int("Send the id as a whole number.")
  .positive("Send a positive id.")
  .max(PG_INT_MAX, "No such id.");

export const PER_PAGE_MAX = 100;
export const pageQueryShape = {
  page: z.coerce.number({ error: "Send a page number from 1." }).int("Send a page number from 1.").min(1, "Send a page number from 1.").max(100_000).default(1),
  per_page: z.coerce
    .number({ error: `Send a page size from 1 to ${PER_PAGE_MAX}.` })
    .int(`Send a page size from 1 to ${PER_PAGE_MAX}.`)
    .min(1, `Send a page size from 1 to ${PER_PAGE_MAX}.`)
    .max(PER_PAGE_MAX, `Send a page size from 1 to ${PER_PAGE_MAX}.`)
    .default(25),
};

/** A reply holding one page of `item`s and the filtered total. */
export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({
    data: z.array(item),
    page: z.number().int().min(1),
    per_page: z.number().int().min(1).max(PER_PAGE_MAX),
    total: z.number().int().min(0).describe("items matching the filters, over all pages"),
  });
}

const DECIMAL = /^-?\d+(\.\d{1,6})?$/;

/** Money in a reply: the exact decimal of the micro-units, e.g. "12.5" or "-0.045". */
export const moneySchema = z.string().regex(DECIMAL).meta({ description: "An exact decimal amount of the currency, as a string.", examples: ["12.5"] });

/** Money in a request: a decimal string only, since a JSON number is a float by the time it is parsed. */
export const positiveMoneyInputSchema = z
  .string({
    error: (issue) =>
      issue.input === undefined
        ? "Send the amount, e.g. \"12.50\"."
        : 'Send the amount as a decimal string such as "12.50": a JSON number is not exact.',
  })
  .superRefine((value, ctx) => {
    const parsed = parseMoney(value);
    if (!parsed.ok) ctx.addIssue({ code: "custom", message: parsed.error });
    else if (parsed.micro <= 0n) ctx.addIssue({ code: "custom", message: "The amount must be positive." });
  })
  .meta({ description: "A positive decimal amount with at most 6 decimals, as a string.", examples: ["12.50"] });

/** A filter bound on money (`?min_amount=5`): a decimal string, zero allowed. */
export const moneyFilterSchema = z.string().superRefine((value, ctx) => {
  const parsed = parseMoney(value);
  if (!parsed.ok) ctx.addIssue({ code: "custom", message: parsed.error });
});

export const isoDateTimeSchema = z.iso.datetime();

/** A UTC calendar day. */
export const isoDaySchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "Send a UTC date as YYYY-MM-DD.")
  .refine((v) => new Date(Date.parse(`${v}T00:00:00Z`) || 0).toISOString().slice(0, 10) === v, "Not a calendar date.");

/** The error body of every refusal (400/401/402/403/404/409/413/422/429). */
export const nativeErrorSchema = z.object({
  error: z.object({
    code: z.string().describe("stable, machine-readable: validation_failed, not_found, insufficient_funds, idempotency_conflict, …"),
    message: z.string().describe("for people: what went wrong and what to do"),
    details: z.record(z.string(), z.array(z.string())).optional().describe("per field (dotted wire names), when the request failed validation"),
  }),
});

/**
 * Runs a domain verb and reports its validation failures under the wire's field names (`paymentModel` →
 * `payment_model`), so that an API client reads back the names it sent.
 */
export async function inWireNames<T>(run: () => Promise<T>, names: Record<string, string>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    const validation = err instanceof z.ZodError ? validationErrorOf(err) : err;
    if (!(validation instanceof ValidationError) || !validation.fieldErrors) throw validation;
    const details: Record<string, string[]> = {};
    for (const [path, messages] of Object.entries(validation.fieldErrors)) {
      const [head, ...rest] = path.split(".");
      const key = [names[head] ?? head, ...rest].join(".");
      (details[key] ??= []).push(...messages);
    }
    throw new ValidationError(validation.message, details);
  }
}
