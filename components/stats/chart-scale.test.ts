import { describe, expect, it } from "vitest";
import { costTicks, formatPercent, longDay, monthStartTicks, rangeLabel, shortDay } from "./chart-scale";

describe("costTicks", () => {
  it.each([
    [0n, [0n]],
    [1n, [0n, 1n]],
    [45_000n, [0n, 20_000n, 40_000n, 60_000n]],
    [1_000_000n, [0n, 500_000n, 1_000_000n]],
    [1_234_567_890n, [0n, 500_000_000n, 1_000_000_000n, 1_500_000_000n]],
    [9_999_999_999_999n, [0n, 5_000_000_000_000n, 10_000_000_000_000n]],
  ])("covers %s micro-units in round steps", (max, ticks) => {
    expect(costTicks(max)).toEqual(ticks);
  });

  it.each([
    [1n, [0n, 10_000n]],
    [7_900n, [0n, 10_000n]],
    [45_000n, [0n, 20_000n, 40_000n, 60_000n]],
    [1_000_000n, [0n, 500_000n, 1_000_000n]],
  ])("steps %s micro-units by whole cents at the least", (max, ticks) => {
    expect(costTicks(max, 10_000n)).toEqual(ticks);
  });

  it("always reaches the maximum with at most 6 ticks", () => {
    for (let max = 1n; max < 10n ** 15n; max = max * 7n + 3n) {
      const ticks = costTicks(max);
      expect(ticks.at(-1)! >= max).toBe(true);
      expect(ticks.length).toBeLessThanOrEqual(6);
    }
  });
});

describe("labels", () => {
  it("formats UTC days whatever the machine's zone", () => {
    expect(shortDay("2026-01-31")).toBe("31 Jan");
    expect(longDay("2026-11-27")).toBe("Fri 27 Nov 2026");
    expect(rangeLabel("2026-11-01", "2026-11-27")).toBe("1 Nov 2026 – 27 Nov 2026");
    expect(rangeLabel("2026-11-27", "2026-11-27")).toBe("27 Nov 2026");
    expect(monthStartTicks(["2026-01-31", "2026-02-01", "2026-02-02", "2026-03-01"])).toEqual(["2026-02-01", "2026-03-01"]);
    expect(formatPercent(0.9731)).toBe("97.3%");
    expect(formatPercent(null)).toBe("—");
  });
});
