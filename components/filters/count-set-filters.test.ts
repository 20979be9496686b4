import { describe, expect, it } from "vitest";
import { countSetFilters } from "./count-set-filters";

describe("countSetFilters", () => {
  it("counts values that are set, and not a default's false, empty or missing", () => {
    expect(countSetFilters([])).toBe(0);
    expect(countSetFilters([undefined, null, "", false])).toBe(0);
    expect(countSetFilters(["credit", 0, 0n, true, "2026-01-01"])).toBe(5);
  });
});
