import { TZDateMini } from "@date-fns/tz";
import { ValidationError } from "@/lib/domain/errors";

/** A send scheduled further ahead than this is refused (a year and a day: "same time next year" fits). */
export const MAX_SCHEDULE_AHEAD_MS = 366 * 24 * 3600_000;
/** A time this far in the past is taken for a mistake (a wrong zone or year); a nearer one sends at once. */
export const PAST_SCHEDULE_GRACE_MS = 10 * 60_000;

const WALL_CLOCK = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,6})?)?$/;
const WITH_OFFSET = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?(?:Z|[+-]\d{2}:?\d{2})$/i;

export function isTimeZone(zone: string) {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/**
 * Reads a schedule time as clients write it: a wall-clock "YYYY-MM-DD HH:MM[:SS]" in `timeZone` (SMS.to's
 * scheduled_for with its timezone, SMS Central's SCHEDULE), or any such time with an explicit offset or Z, which
 * wins over the zone. Returns null when the text is not one of these or names no real date.
 */
export function parseScheduleTime(text: string, timeZone: string): Date | null {
  const trimmed = text.trim();
  if (WITH_OFFSET.test(trimmed)) {
    const at = new Date(trimmed.replace(" ", "T").replace(/([+-]\d{2})(\d{2})$/, "$1:$2"));
    return Number.isNaN(at.getTime()) ? null : at;
  }
  const m = WALL_CLOCK.exec(trimmed);
  if (!m) return null;
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[6] ?? "0"].map(Number);
  // a date that does not exist (2026-02-30) is refused, not rolled over into March
  const probe = new Date(Date.UTC(year, month - 1, day));
  if (probe.getUTCMonth() !== month - 1 || probe.getUTCDate() !== day || hour > 23 || minute > 59 || second > 59) return null;
  // TZDateMini resolves a wall-clock time in a zone, including the hour a DST change skips or repeats
  const at = new Date(new TZDateMini(year, month - 1, day, hour, minute, second, timeZone).getTime());
  return Number.isNaN(at.getTime()) ? null : at;
}

/**
 * When a scheduled request goes out: null for "now" (its time has just passed: a clock a little behind), else the
 * time. Refuses a time long past or more than a year ahead, naming the caller's field.
 */
export function scheduleTimeOrNow(at: Date, field: string, now = new Date()): Date | null {
  const ahead = at.getTime() - now.getTime();
  if (ahead < -PAST_SCHEDULE_GRACE_MS) {
    throw new ValidationError(`The scheduled time ${at.toISOString()} is in the past.`, { [field]: ["The time is in the past."] });
  }
  if (ahead > MAX_SCHEDULE_AHEAD_MS) {
    throw new ValidationError(`The scheduled time ${at.toISOString()} is more than a year ahead.`, { [field]: ["At most a year ahead."] });
  }
  return ahead <= 0 ? null : at;
}
