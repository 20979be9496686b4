import { z } from "zod";

export const RANGE_PRESETS = ["today", "7d", "30d", "this_month", "last_month", "custom"] as const;
export type RangePreset = (typeof RANGE_PRESETS)[number];

const isoDay = z
  .string()
  .optional()
  .transform((v) => (v && /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) ? v : undefined));

/** The statistics page's URL state: a preset or a custom range (inclusive UTC days), and optionally one member. */
export const statsQuerySchema = z.object({
  range: z.enum(RANGE_PRESETS).catch("30d"),
  from: isoDay.catch(undefined),
  to: isoDay.catch(undefined),
  member: z.coerce.number().int().positive().optional().catch(undefined),
});
export type StatsQuery = z.output<typeof statsQuerySchema>;

export type DayRange = { from: string; to: string; days: number };

const day = (d: Date) => d.toISOString().slice(0, 10);
const addDays = (iso: string, n: number) => day(new Date(Date.parse(`${iso}T00:00:00Z`) + n * 86_400_000));

/** At most this many days in one view: a year and a day, so "last 365 days" across a leap day still fits. */
export const MAX_RANGE_DAYS = 366;

/** The inclusive UTC day range a query selects, `now` deciding what "today" is. Custom ranges are clamped. */
export function resolveRange(query: { range: RangePreset; from?: string; to?: string }, now = new Date()): DayRange {
  const today = day(now);
  let from: string;
  let to = today;
  switch (query.range) {
    case "today":
      from = today;
      break;
    case "7d":
      from = addDays(today, -6);
      break;
    case "this_month":
      from = `${today.slice(0, 7)}-01`;
      break;
    case "last_month": {
      const firstOfThis = `${today.slice(0, 7)}-01`;
      to = addDays(firstOfThis, -1);
      from = `${to.slice(0, 7)}-01`;
      break;
    }
    case "custom":
      from = query.from ?? addDays(today, -29);
      to = query.to ?? today;
      if (from > to) [from, to] = [to, from];
      break;
    default:
      from = addDays(today, -29);
  }
  const span = Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;
  if (span > MAX_RANGE_DAYS) from = addDays(to, -(MAX_RANGE_DAYS - 1));
  return { from, to, days: Math.min(span, MAX_RANGE_DAYS) };
}

/**
 * What `resolveRange` changed in a custom range, in words for the filter: an inverted range is swapped, a span
 * over MAX_RANGE_DAYS keeps its end and loses its earliest days. Null when the range is shown as asked.
 */
export function rangeCorrection(query: { range: RangePreset; from?: string; to?: string }, resolved: DayRange): { inverted: string | null; cut: string | null } {
  if (query.range !== "custom") return { inverted: null, cut: null };
  const inverted = Boolean(query.from && query.to && query.from > query.to);
  const askedFrom = inverted ? query.to : query.from;
  const cut = askedFrom !== undefined && askedFrom < resolved.from;
  return {
    inverted: inverted ? `Showing ${resolved.from} to ${resolved.to} instead.` : null,
    cut: cut ? `Statistics cover at most ${MAX_RANGE_DAYS} days: the range was cut to ${resolved.from} – ${resolved.to}.` : null,
  };
}
