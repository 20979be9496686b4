// How to sum a range of days from the account-day fold and its month fold while reading as few rows as
// possible: whole months from the month fold; for a month the range only partly covers, either its days in the
// range (added) or the whole month minus its days outside the range (subtracted), whichever reads fewer days.
// Days after `today` hold no rows yet, so they cost nothing to subtract.
import type { DayRange } from "./stats-query-schema";

export type DaySpan = { from: string; to: string };
export type RangePlan = {
  /** first days of the months read whole from the month fold */
  months: string[];
  /** day spans added from the day fold */
  plus: DaySpan[];
  /** day spans (inside `months`) subtracted from the day fold */
  minus: DaySpan[];
};

const MS_PER_DAY = 86_400_000;
const toMs = (iso: string) => Date.parse(`${iso}T00:00:00Z`);
const toIso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const daysBetween = (from: number, to: number) => (to < from ? 0 : Math.round((to - from) / MS_PER_DAY) + 1);

export function planRange(range: Pick<DayRange, "from" | "to">, today: string): RangePlan {
  const plan: RangePlan = { months: [], plus: [], minus: [] };
  const from = toMs(range.from);
  const to = toMs(range.to);
  const horizon = toMs(today);
  const start = new Date(from);
  for (let y = start.getUTCFullYear(), m = start.getUTCMonth(); Date.UTC(y, m, 1) <= to; m === 11 ? (y++, (m = 0)) : m++) {
    const monthStart = Date.UTC(y, m, 1);
    const monthEnd = Date.UTC(y, m + 1, 0);
    const inFrom = Math.max(from, monthStart);
    const inTo = Math.min(to, monthEnd);
    if (inFrom === monthStart && inTo === monthEnd) {
      plan.months.push(toIso(monthStart));
      continue;
    }
    const daysIn = daysBetween(inFrom, inTo);
    const daysOut = daysBetween(monthStart, Math.min(inFrom - MS_PER_DAY, horizon)) + daysBetween(inTo + MS_PER_DAY, Math.min(monthEnd, horizon));
    if (daysOut < daysIn) {
      plan.months.push(toIso(monthStart));
      if (inFrom > monthStart) plan.minus.push({ from: toIso(monthStart), to: toIso(inFrom - MS_PER_DAY) });
      // to the month's end, not the horizon: exact even if a row were dated later
      if (inTo < monthEnd) plan.minus.push({ from: toIso(inTo + MS_PER_DAY), to: toIso(monthEnd) });
    } else {
      plan.plus.push({ from: toIso(inFrom), to: toIso(inTo) });
    }
  }
  return plan;
}
