import { describe, expect, it } from "vitest";
import { countSetFilters, filterFormKey } from "./count-set-filters";

describe("countSetFilters", () => {
  it("counts values that are set, and not a default's false, empty or missing", () => {
    expect(countSetFilters([])).toBe(0);
    expect(countSetFilters([undefined, null, "", false])).toBe(0);
    expect(countSetFilters(["credit", 0, 0n, true, "2026-01-01"])).toBe(5);
  });
});

describe("filterFormKey", () => {
  it("differs between queries and copes with money as bigint", () => {
    expect(filterFormKey({ q: "a", min: 5n })).toBe('{"q":"a","min":"5"}');
    expect(filterFormKey({ q: "a" })).not.toBe(filterFormKey({ q: "b" }));
  });
});
