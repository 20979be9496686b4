import { isSupportedCountry } from "libphonenumber-js/max";
import { describe, expect, it } from "vitest";
import { DEFAULT_PRICES } from "@/lib/domain/messaging/default-prices";

describe("DEFAULT_PRICES", () => {
  it.each(DEFAULT_PRICES.map((price) => [price.country, price] as const))("%s is a country a recipient can resolve to, with a price", (_country, price) => {
    expect(price.country).toMatch(/^[A-Z]{2}$/);
    expect(isSupportedCountry(price.country)).toBe(true);
    expect(price.name.trim()).not.toBe("");
    expect(price.pricePerSegment).toBeGreaterThan(0n);
    // One SMS costs cents, never euros: catches a price typed in the wrong unit.
    expect(price.pricePerSegment).toBeLessThan(1_000_000n);
  });

  it("lists each country once and covers about thirty", () => {
    const countries = DEFAULT_PRICES.map((price) => price.country);
    expect(new Set(countries).size).toBe(countries.length);
    expect(countries.length).toBeGreaterThanOrEqual(30);
  });
});
