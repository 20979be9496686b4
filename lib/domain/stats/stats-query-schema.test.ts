import { describe, expect, it } from "vitest";
import { resolveRange, statsQuerySchema } from "./stats-query-schema";

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
