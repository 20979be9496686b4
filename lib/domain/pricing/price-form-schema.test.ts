import { describe, expect, it } from "vitest";
import { percentFarBelow, priceFormSchema, pricePerSegmentSchema } from "./price-form-schema";
import { listPricesQuerySchema } from "./list-prices-schema";

describe("pricePerSegmentSchema", () => {
  it.each([
    ["0.075", 75_000n],
    [" 0.000001 ", 1n],
    [".5", 500_000n],
    ["10", 10_000_000n],
    [42_000n, 42_000n],
  ])("%s → %s micro-units", (input, micro) => {
    expect(pricePerSegmentSchema.parse(input)).toBe(micro);
  });

  it.each([
    ["", "Enter a price such as 0.075."],
    ["abc", "Enter a price such as 0.075."],
    ["1e-2", "Enter a price such as 0.075."],
    ["0", "The price must be positive."],
    ["-0.01", "The price must be positive."],
    [0n, "The price must be positive."],
    ["0.0000001", "Use at most 6 decimals."],
    ["10.000001", "The price can be at most 10 per segment."],
    [10_000_001n, "The price can be at most 10 per segment."],
  ])("refuses \"%s\": %s", (input, message) => {
    const result = pricePerSegmentSchema.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0].message).toBe(message);
  });
});

describe("priceFormSchema", () => {
  it("checks what the dialog submits with the server's rules", () => {
    expect(priceFormSchema.safeParse({ country: "DE", pricePerSegment: "0.08" }).success).toBe(true);
    const bad = priceFormSchema.safeParse({ country: "", pricePerSegment: "20" });
    expect(bad.error?.issues.map((i) => [i.path[0], i.message])).toEqual([
      ["country", "Choose a country."],
      ["pricePerSegment", "The price can be at most 10 per segment."],
    ]);
  });
});

describe("listPricesQuerySchema: a hand-edited URL never errors", () => {
  it.each([
    [{}, { q: "", sort: "name" }],
    [{ sort: "-price", q: "  ger " }, { q: "ger", sort: "-price" }],
    [{ sort: "drop table", q: 5 }, { q: "", sort: "name" }],
  ])("%j → %j", (input, expected) => {
    expect(listPricesQuerySchema.parse(input)).toEqual(expected);
  });
});

describe("percentFarBelow", () => {
  it.each([
    ["0.03", 75_000n, 60],
    ["0.02", 75_000n, 73],
    ["0.000001", 75_000n, 99],
    ["0.0375", 75_000n, null], // exactly half: no question
    ["0.037499", 75_000n, 50],
    ["0.075", 75_000n, null],
    ["0.2", 75_000n, null],
    ["", 75_000n, null],
    ["abc", 75_000n, null],
    ["0.01", 0n, null],
  ])("%s against %s → %s", (text, list, percent) => {
    expect(percentFarBelow(text, list)).toBe(percent);
  });
});
