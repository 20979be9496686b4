import { describe, expect, it } from "vitest";
import { memberStatsSortOf, parseStatisticsQuery, statisticsSearch } from "./statistics-url";

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

describe("memberStatsSortOf", () => {
  it.each([
    ["-cost", { key: "cost", descending: true }],
    ["name", { key: "name", descending: false }],
    ["-delivery", { key: "delivery", descending: true }],
  ] as const)("%s", (sort, expected) => {
    expect(memberStatsSortOf(sort)).toEqual(expected);
  });
});
