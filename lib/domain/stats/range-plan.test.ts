import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { planRange, type RangePlan } from "./range-plan";

const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const ms = (d: string) => Date.parse(`${d}T00:00:00Z`);

/** How many times the plan counts each day: whole months +1 per day, plus spans +1, minus spans -1. */
function coverage(plan: RangePlan) {
  const count = new Map<string, number>();
  const add = (from: number, to: number, by: number) => {
    for (let d = from; d <= to; d += DAY) count.set(iso(d), (count.get(iso(d)) ?? 0) + by);
  };
  for (const month of plan.months) {
    const start = new Date(ms(month));
    add(ms(month), Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 0), 1);
  }
  for (const span of plan.plus) add(ms(span.from), ms(span.to), 1);
  for (const span of plan.minus) add(ms(span.from), ms(span.to), -1);
  return count;
}

describe("planRange", () => {
  it("reads whole months from the month fold and the ends from the day fold", () => {
    expect(planRange({ from: "2026-08-30", to: "2026-11-27" }, "2026-11-27")).toEqual({
      months: ["2026-09-01", "2026-10-01", "2026-11-01"],
      plus: [{ from: "2026-08-30", to: "2026-08-31" }],
      // November's last three days are still in the future: nothing to subtract is read, but they are named
      minus: [{ from: "2026-11-28", to: "2026-11-30" }],
    });
  });

  it("adds the days when fewer than the month minus them", () => {
    expect(planRange({ from: "2026-10-10", to: "2026-10-14" }, "2026-11-27")).toEqual({
      months: [],
      plus: [{ from: "2026-10-10", to: "2026-10-14" }],
      minus: [],
    });
    expect(planRange({ from: "2026-10-02", to: "2026-10-30" }, "2026-11-27")).toEqual({
      months: ["2026-10-01"],
      plus: [],
      minus: [
        { from: "2026-10-01", to: "2026-10-01" },
        { from: "2026-10-31", to: "2026-10-31" },
      ],
    });
  });

  it("crosses a year and a leap February", () => {
    const plan = planRange({ from: "2027-12-31", to: "2028-03-01" }, "2028-03-01");
    expect(plan.months).toEqual(["2028-01-01", "2028-02-01", "2028-03-01"]);
    expect(plan.plus).toEqual([{ from: "2027-12-31", to: "2027-12-31" }]);
    expect(plan.minus).toEqual([{ from: "2028-03-02", to: "2028-03-31" }]);
  });

  it("counts every day of the range exactly once and no other day, for any range and today", () => {
    const dayArb = fc.integer({ min: ms("2024-01-01") / DAY, max: ms("2028-12-31") / DAY }).map((n) => n * DAY);
    fc.assert(
      fc.property(dayArb, fc.integer({ min: 0, max: 400 }), fc.integer({ min: -60, max: 60 }), (from, length, todayOffset) => {
        const to = from + length * DAY;
        const plan = planRange({ from: iso(from), to: iso(to) }, iso(to + todayOffset * DAY));
        for (const [day, times] of coverage(plan)) {
          const inRange = ms(day) >= from && ms(day) <= to;
          expect(times, day).toBe(inRange ? 1 : 0);
        }
        expect([...coverage(plan).values()].filter((n) => n === 1)).toHaveLength(length + 1);
      }),
    );
  });
});
