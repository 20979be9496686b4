// Scales and labels of the statistics charts. Money stays bigint here: the cost axis's ticks are chosen in
// micro-units, so each label is formatAmount() of an exact amount, never of a float the chart computed.

/**
 * Round steps for a money axis: 1, 2 or 5 times a power of ten (in micro-units), about `target` of them, and
 * never finer than `minStep` (the currency's cent: labels show 2 decimals, so finer steps would read €0.00 twice).
 */
export function costTicks(max: bigint, minStep = 1n, target = 4): bigint[] {
  if (max <= 0n) return [0n];
  const raw = (max + BigInt(target) - 1n) / BigInt(target);
  let magnitude = minStep;
  while (magnitude * 10n <= raw) magnitude *= 10n;
  const step = [1n, 2n, 5n, 10n].map((m) => m * magnitude).find((s) => s >= raw)!;
  const count = (max + step - 1n) / step;
  return Array.from({ length: Number(count) + 1 }, (_, i) => BigInt(i) * step);
}

const dayFormat = new Intl.DateTimeFormat("en-GB", { timeZone: "UTC", day: "numeric", month: "short" });
const longDayFormat = new Intl.DateTimeFormat("en-GB", { timeZone: "UTC", weekday: "short", day: "numeric", month: "short", year: "numeric" });
const monthFormat = new Intl.DateTimeFormat("en-GB", { timeZone: "UTC", month: "short", year: "numeric" });
const rangeFormat = new Intl.DateTimeFormat("en-GB", { timeZone: "UTC", day: "numeric", month: "short", year: "numeric" });

const utc = (isoDay: string) => new Date(`${isoDay}T00:00:00Z`);

/** "27 Nov" */
export const shortDay = (isoDay: string) => dayFormat.format(utc(isoDay));
/** "Fri 27 Nov 2026" */
export const longDay = (isoDay: string) => longDayFormat.format(utc(isoDay)).replace(",", "");
/** "Nov 2026" */
export const monthLabel = (isoDay: string) => monthFormat.format(utc(isoDay));
/** "1 Nov 2026 – 27 Nov 2026", or one day alone */
export const rangeLabel = (from: string, to: string) =>
  from === to ? rangeFormat.format(utc(from)) : `${rangeFormat.format(utc(from))} – ${rangeFormat.format(utc(to))}`;

/** Past about three months, a tick per day is noise: the axis then marks the first of each month. */
export const MONTH_TICKS_FROM_DAYS = 93;

export function monthStartTicks(days: string[]): string[] {
  return days.filter((d) => d.endsWith("-01"));
}

export const formatCount = (n: number) => n.toLocaleString("en-US");

/** A ratio 0..1 as "97.3%"; null (nothing final yet) as an em dash. */
export const formatPercent = (ratio: number | null, digits = 1) =>
  ratio === null ? "—" : `${(ratio * 100).toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits })}%`;
