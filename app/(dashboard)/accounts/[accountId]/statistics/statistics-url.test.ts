import { describe, expect, it } from "vitest";
import type { MemberStats } from "@/lib/domain/stats/queries";
import { parseStatisticsQuery, sortMemberStats, statisticsSearch } from "./statistics-url";

const row = (name: string, cost: bigint, messages: number, deliveryRate: number | null, accountId = messages): MemberStats => ({
  accountId, name, cost, messages, segments: messages * 2, delivered: 0, failed: 0, deliveryRate, isSelf: false, isPartner: false, share: 0,
});

describe("statistics URL", () => {
  it("falls back to defaults and keeps only what differs from them", () => {
    const query = parseStatisticsQuery({ range: "bogus", sort: "-nope", page: "0", pageSize: "7", member: "x" });
    expect(query).toMatchObject({ range: "30d", sort: "-cost", page: 1, pageSize: 50, member: undefined });
    expect(statisticsSearch(query)).toBe("");
  });

  it("writes from/to only for a custom range, in a fixed order", () => {
    expect(statisticsSearch(parseStatisticsQuery({ to: "2026-02-01", range: "7d", from: "2026-01-01", member: "5" }))).toBe("range=7d&member=5");
    const custom = parseStatisticsQuery(new URLSearchParams("sort=name&to=2026-02-01&from=2026-01-01&range=custom&page=2"));
    expect(statisticsSearch(custom)).toBe("range=custom&from=2026-01-01&to=2026-02-01&sort=name&page=2");
    expect(statisticsSearch(custom, { table: false })).toBe("range=custom&from=2026-01-01&to=2026-02-01");
  });
});

describe("sortMemberStats", () => {
  const rows = [row("Beta", 5n, 10, 0.5), row("alpha", 5n, 30, null), row("Gamma", 900n, 20, 1)];
  it.each([
    ["-cost", ["Gamma", "alpha", "Beta"]],
    ["cost", ["alpha", "Beta", "Gamma"]],
    ["name", ["alpha", "Beta", "Gamma"]],
    ["-messages", ["alpha", "Gamma", "Beta"]],
    ["-delivery", ["Gamma", "Beta", "alpha"]],
    ["delivery", ["alpha", "Beta", "Gamma"]],
  ] as const)("%s", (sort, names) => {
    expect(sortMemberStats(rows, sort).map((r) => r.name)).toEqual(names);
  });
});
