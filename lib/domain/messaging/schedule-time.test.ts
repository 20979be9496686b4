import { describe, expect, it } from "vitest";
import { ValidationError } from "@/lib/domain/errors";
import { isTimeZone, parseScheduleTime, scheduleTimeOrNow } from "./schedule-time";

describe("parseScheduleTime", () => {
  it("reads a wall-clock time in the zone, across daylight saving", () => {
    expect(parseScheduleTime("2027-01-15 09:00:00", "Australia/Sydney")?.toISOString()).toBe("2027-01-14T22:00:00.000Z"); // AEDT, +11
    expect(parseScheduleTime("2027-07-15 09:00:00", "Australia/Sydney")?.toISOString()).toBe("2027-07-14T23:00:00.000Z"); // AEST, +10
    expect(parseScheduleTime("2027-03-01 09:30", "Europe/Athens")?.toISOString()).toBe("2027-03-01T07:30:00.000Z");
    expect(parseScheduleTime("2027-03-01T09:30:15", "UTC")?.toISOString()).toBe("2027-03-01T09:30:15.000Z");
  });

  it("lets an explicit offset or Z win over the zone", () => {
    expect(parseScheduleTime("2027-01-15T09:00:00+02:00", "Australia/Sydney")?.toISOString()).toBe("2027-01-15T07:00:00.000Z");
    expect(parseScheduleTime("2027-01-15 09:00:00Z", "Australia/Sydney")?.toISOString()).toBe("2027-01-15T09:00:00.000Z");
    expect(parseScheduleTime("2027-01-15 09:00:00-0530", "UTC")?.toISOString()).toBe("2027-01-15T14:30:00.000Z");
  });

  it("refuses what is not a real date and time", () => {
    for (const text of ["2027-02-29 10:00:00", "2027-02-30 10:00:00", "2027-13-01 10:00:00", "2027-01-01 24:00:00", "2027-01-01 10:60:00", "tomorrow", "01/02/2027 10:00", ""]) {
      expect(parseScheduleTime(text, "UTC"), text).toBeNull();
    }
    expect(parseScheduleTime("2028-02-29 10:00:00", "UTC")?.toISOString()).toBe("2028-02-29T10:00:00.000Z");
  });

  it("knows a time zone from a made-up one", () => {
    expect(isTimeZone("Australia/Sydney")).toBe(true);
    expect(isTimeZone("UTC")).toBe(true);
    expect(isTimeZone("Mars/Olympus")).toBe(false);
  });
});

describe("scheduleTimeOrNow", () => {
  const now = new Date("2026-12-08T10:00:00Z");
  it("keeps a future time, and takes a time just past as now", () => {
    expect(scheduleTimeOrNow(new Date("2026-12-08T10:00:01Z"), "at", now)?.toISOString()).toBe("2026-12-08T10:00:01.000Z");
    expect(scheduleTimeOrNow(new Date("2026-12-08T09:55:00Z"), "at", now)).toBeNull();
    expect(scheduleTimeOrNow(now, "at", now)).toBeNull();
  });
  it("refuses a time long past or more than a year ahead, naming the field", () => {
    const past = (() => { try { scheduleTimeOrNow(new Date("2026-12-08T09:49:00Z"), "scheduled_for", now); } catch (e) { return e; } })();
    expect(past).toBeInstanceOf(ValidationError);
    expect((past as ValidationError).fieldErrors).toEqual({ scheduled_for: ["The time is in the past."] });
    expect(() => scheduleTimeOrNow(new Date("2027-12-10T10:00:00Z"), "at", now)).toThrow(/more than a year ahead/);
    expect(scheduleTimeOrNow(new Date("2027-12-08T10:00:00Z"), "at", now)?.toISOString()).toBe("2027-12-08T10:00:00.000Z");
  });
});
