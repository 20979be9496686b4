import { describe, expect, it } from "vitest";
import { rangeCorrection, resolveRange, statsQuerySchema } from "./stats-query-schema";

const now = new Date("2026-03-15T23:59:00Z");
const range = (params: Record<string, string>) => resolveRange(statsQuerySchema.parse(params), now);

describe("resolveRange", () => {
  it.each([
    [{ range: "today" }, { from: "2026-03-15", to: "2026-03-15", days: 1 }],
    [{ range: "7d" }, { from: "2026-03-09", to: "2026-03-15", days: 7 }],
    [{}, { from: "2026-02-14", to: "2026-03-15", days: 30 }],
    [{ range: "this_month" }, { from: "2026-03-01", to: "2026-03-15", days: 15 }],
    [{ range: "last_month" }, { from: "2026-02-01", to: "2026-02-28", days: 28 }],
    [{ range: "custom", from: "2026-01-10", to: "2026-01-12" }, { from: "2026-01-10", to: "2026-01-12", days: 3 }],
    [{ range: "custom", from: "2026-01-12", to: "2026-01-10" }, { from: "2026-01-10", to: "2026-01-12", days: 3 }],
    [{ range: "custom", from: "2020-01-01", to: "2026-03-15" }, { from: "2025-03-15", to: "2026-03-15", days: 366 }],
    [{ range: "nonsense", from: "13/01/2026" }, { from: "2026-02-14", to: "2026-03-15", days: 30 }],
  ])("%j → %j", (params, expected) => {
    expect(range(params as Record<string, string>)).toEqual(expected);
  });

  it("last month in January is December of the year before", () => {
    expect(resolveRange({ range: "last_month" }, new Date("2026-01-05T00:00:00Z"))).toEqual({ from: "2025-12-01", to: "2025-12-31", days: 31 });
  });
});

describe("rangeCorrection", () => {
  const corrected = (params: Record<string, string>) => {
    const query = statsQuerySchema.parse(params);
    return rangeCorrection(query, resolveRange(query, now));
  };
  it("says nothing for a preset or a custom range shown as asked", () => {
    expect(corrected({ range: "30d" })).toEqual({ inverted: null, cut: null });
    expect(corrected({ range: "custom", from: "2026-01-01", to: "2026-01-31" })).toEqual({ inverted: null, cut: null });
    expect(corrected({ range: "custom", from: "2025-03-01", to: "2026-03-01" })).toEqual({ inverted: null, cut: null }); // 366 days
  });
  it("says that an inverted range is shown swapped", () => {
    expect(corrected({ range: "custom", from: "2026-01-31", to: "2026-01-01" })).toEqual({ inverted: "Showing 2026-01-01 to 2026-01-31 instead.", cut: null });
  });
  it("says where a range over the maximum was cut, inverted or not", () => {
    expect(corrected({ range: "custom", from: "2024-01-01", to: "2026-01-31" }).cut).toBe("Statistics cover at most 366 days: the range was cut to 2025-01-31 – 2026-01-31.");
    expect(corrected({ range: "custom", from: "2026-01-31", to: "2024-01-01" })).toMatchObject({ cut: "Statistics cover at most 366 days: the range was cut to 2025-01-31 – 2026-01-31." });
  });
});
