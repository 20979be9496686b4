// The native statistics wire (GET /api/v1/accounts/{id}/statistics): the query and the reply.
import { z } from "zod";
import { decimalString, isoDay as isoDayWire } from "@/lib/api/openapi/primitives";
import { messageStatusSchema } from "./messages";
import { MAX_RANGE_DAYS, type DayRange } from "@/lib/domain/stats/stats-query-schema";

export const STATISTICS_GROUP_BY = ["member", "day", "country", "status"] as const;

const DAY = 86_400_000;
const isoDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "Send a UTC date as YYYY-MM-DD.")
  .refine((v) => new Date(Date.parse(`${v}T00:00:00Z`) || 0).toISOString().slice(0, 10) === v, "Not a calendar date.");

// an API client asked for something exact: a wrong value is a 422 naming it, never a silent default
export const statisticsQuerySchema = z
  .object({
    from: isoDay.optional().meta({ description: "First UTC day, inclusive; default 29 days before `to`.", format: "date" }),
    to: isoDay.optional().meta({ description: "Last UTC day, inclusive; default today.", format: "date" }),
    group_by: z
      .enum(STATISTICS_GROUP_BY, { error: `Use one of ${STATISTICS_GROUP_BY.map((g) => `"${g}"`).join(", ")}.` })
      .optional()
      .meta({ description: "Also break the figures down by direct member, day, destination country or status." }),
  })
  .transform((q, ctx) => {
    const to = q.to ?? new Date().toISOString().slice(0, 10);
    const from = q.from ?? new Date(Date.parse(`${to}T00:00:00Z`) - 29 * DAY).toISOString().slice(0, 10);
    const days = Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY) + 1;
    if (days < 1) ctx.addIssue({ code: "custom", path: ["from"], message: '"from" must not be after "to".' });
    else if (days > MAX_RANGE_DAYS) ctx.addIssue({ code: "custom", path: ["from"], message: `At most ${MAX_RANGE_DAYS} days in one request.` });
    return { range: { from, to, days } satisfies DayRange, groupBy: q.group_by ?? null };
  });

const rate = z.number().min(0).max(1).nullable().meta({ description: "delivered / (delivered + failed), 0..1; null before any outcome." });

export const statisticsFiguresSchema = z
  .object({
    messages: z.int(),
    segments: z.int(),
    cost: decimalString,
    delivered: z.int(),
    failed: z.int(),
    delivery_rate: rate,
  })
  .meta({ id: "StatisticsFigures", description: "Counts and cost over the range." });
export type StatisticsFiguresJson = z.infer<typeof statisticsFiguresSchema>;

const memberGroup = statisticsFiguresSchema.extend({
  account_id: z.int(),
  name: z.string(),
  is_own_traffic: z.boolean().meta({ description: "The account's own messages, not a member's." }),
  is_partner: z.boolean(),
  share: z.number().min(0).max(1).nullable().meta({ description: "Of the cost of the whole view, 0..1." }),
});
const dayGroup = statisticsFiguresSchema.extend({ day: isoDayWire });
const countryGroup = statisticsFiguresSchema.extend({ country: z.string() });
const statusGroup = z.object({ status: messageStatusSchema, messages: z.int(), segments: z.int(), cost: decimalString });

export const accountStatisticsSchema = z
  .object({
    account_id: z.int(),
    from: isoDayWire,
    to: isoDayWire,
    days: z.int(),
    currency: z.string().length(3),
    group_by: z.enum(STATISTICS_GROUP_BY).nullable(),
    totals: statisticsFiguresSchema,
    groups: z
      .union([z.array(memberGroup), z.array(dayGroup), z.array(countryGroup), z.array(statusGroup)])
      .meta({ description: "Empty without `group_by`; else one row per member, day (zeros included), country or status." }),
  })
  .meta({ id: "AccountStatistics", description: "The account's and its subtree's traffic over a range of UTC days." });
export type AccountStatisticsJson = z.infer<typeof accountStatisticsSchema>;
