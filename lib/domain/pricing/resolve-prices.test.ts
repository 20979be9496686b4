import { describe, expect, it } from "vitest";
import { resolvePrice, type StoredPrice } from "./resolve-prices";

const at = new Date("2026-01-01T00:00:00Z");
const price = (country: string, micro: bigint): StoredPrice => ({ country, pricePerSegment: micro, updatedAt: at });

// master 1 → reseller 2 → shop 3 → outlet 4
const path = [1, 2, 3, 4];
const list = new Map([["DE", price("DE", 75_000n)], ["FR", price("FR", 65_000n)]]);
const overrides = new Map([
  [2, new Map([["DE", price("DE", 80_000n)]])],
  [3, new Map([["DE", price("DE", 90_000n)], ["IS", price("IS", 60_000n)]])],
]);

describe("resolvePrice: the nearest override on the path, else the list", () => {
  it.each([
    ["DE", 0, 75_000n, null],
    ["DE", 1, 80_000n, 2],
    ["DE", 2, 90_000n, 3],
    ["DE", 3, 90_000n, 3],
    ["FR", 3, 65_000n, null],
    ["IS", 3, 60_000n, 3],
  ] as const)("%s at depth %i costs %s, set on %s", (country, index, micro, setOn) => {
    expect(resolvePrice(country, path, index, list, overrides)).toMatchObject({ pricePerSegment: micro, setOn });
  });

  it("has no price where neither the list nor an override has one", () => {
    expect(resolvePrice("IS", path, 1, list, overrides)).toBeUndefined();
    expect(resolvePrice("JP", path, 3, list, overrides)).toBeUndefined();
  });
});
