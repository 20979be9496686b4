import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatMoney, microToDecimalString, MICRO_PER_UNIT, parseMoney } from "@/lib/money";

describe("parseMoney", () => {
  it.each([
    ["25", 25_000_000n],
    ["12.50", 12_500_000n],
    ["0.000001", 1n],
    [".5", 500_000n],
    ["  7 ", 7_000_000n],
    ["7.", 7_000_000n],
    ["0", 0n],
    ["0.0", 0n],
    ["000000000000012", 12_000_000n],
    ["999999999999.999999", 999_999_999_999_999_999n],
  ])("accepts %j as %s micro-units", (input, micro) => {
    expect(parseMoney(input)).toEqual({ ok: true, micro });
  });

  it.each([
    ["", "Enter an amount such as 25 or 12.50."],
    ["   ", "Enter an amount such as 25 or 12.50."],
    ["abc", "Enter an amount such as 25 or 12.50."],
    ["1,000.25", "Enter an amount such as 25 or 12.50."],
    ["1 000", "Enter an amount such as 25 or 12.50."],
    ["1e3", "Enter an amount such as 25 or 12.50."],
    ["+5", "Enter an amount such as 25 or 12.50."],
    [".", "Enter an amount such as 25 or 12.50."],
    ["1.2.3", "Enter an amount such as 25 or 12.50."],
    ["--5", "Enter an amount such as 25 or 12.50."],
    ["Infinity", "Enter an amount such as 25 or 12.50."],
    ["0x10", "Enter an amount such as 25 or 12.50."],
    ["1.1234567", "Use at most 6 decimals."],
    [".0000001", "Use at most 6 decimals."],
    ["-5", "The amount must be positive."],
    ["-.5", "The amount must be positive."],
    ["1000000000000", "The amount is too large."],
    ["99999999999999999999999", "The amount is too large."],
  ])("refuses %j: %s", (input, error) => {
    expect(parseMoney(input)).toEqual({ ok: false, error });
  });

  it.each([
    ["-5", -5_000_000n],
    ["-.5", -500_000n],
    ["-0.000001", -1n],
    [" -12.50 ", -12_500_000n],
  ])("accepts %j as %s when negatives are allowed", (input, micro) => {
    expect(parseMoney(input, { allowNegative: true })).toEqual({ ok: true, micro });
  });

  it("still refuses a malformed negative when negatives are allowed", () => {
    expect(parseMoney("-", { allowNegative: true }).ok).toBe(false);
    expect(parseMoney("-1.1234567", { allowNegative: true })).toEqual({ ok: false, error: "Use at most 6 decimals." });
    expect(parseMoney("-1000000000000", { allowNegative: true })).toEqual({ ok: false, error: "The amount is too large." });
  });
});

describe("microToDecimalString", () => {
  it.each([
    [0n, "0"],
    [1n, "0.000001"],
    [-1n, "-0.000001"],
    [2_500_000n, "2.5"],
    [-34_500n, "-0.0345"],
    [1_000_000n, "1"],
    [-1_000_000n, "-1"],
    [12_345_678n, "12.345678"],
    [100_000_000n, "100"],
    [9_223_372_036_854_775_807n, "9223372036854.775807"],
    [-9_223_372_036_854_775_808n, "-9223372036854.775808"],
  ])("%s → %j", (micro, text) => {
    expect(microToDecimalString(micro)).toBe(text);
  });
});

describe("formatMoney", () => {
  it.each([
    [0n, "EUR", "€0.00"],
    [1_500_000n, "EUR", "€1.50"],
    [25_000_000n, "EUR", "€25.00"],
    [1_234_567_890_000n, "EUR", "€1,234,567.89"],
    [-2_500_000n, "EUR", "-€2.50"],
    [-34_500n, "EUR", "-€0.0345"],
    [34_500n, "EUR", "€0.0345"],
    [1n, "EUR", "€0.000001"],
    [1_000_000n, "USD", "$1.00"],
    // beyond 2^53 micro-units: a Number would round these
    [12_345_678_901_234_567_891n, "EUR", "€12,345,678,901,234.567891"],
    [9_007_199_254_740_993n, "EUR", "€9,007,199,254.740993"],
    [-9_223_372_036_854_775_807n, "EUR", "-€9,223,372,036,854.775807"],
  ])("%s %s → %j", (micro, currency, text) => {
    expect(formatMoney(micro, currency)).toBe(text);
  });

  it("formats for another locale too", () => {
    expect(formatMoney(1_234_500_000n, "EUR", "de-DE")).toBe("1.234,50\u00a0€");
  });
});

describe("money properties", () => {
  const wide = fc.bigInt({ min: -(10n ** 18n) + 1n, max: 10n ** 18n - 1n });

  it("parseMoney(microToDecimalString(micro)) gives back micro", () => {
    fc.assert(
      fc.property(wide, (micro) => {
        expect(parseMoney(microToDecimalString(micro), { allowNegative: true })).toEqual({ ok: true, micro });
      }),
      { numRuns: 2000 },
    );
  });

  it("refuses any amount written with more than 6 decimals", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{0,12}$/), fc.stringMatching(/^\d{7,30}$/), fc.boolean(), (whole, fraction, negative) => {
        const text = `${negative ? "-" : ""}${whole}.${fraction}`;
        expect(parseMoney(text, { allowNegative: true })).toEqual({ ok: false, error: "Use at most 6 decimals." });
      }),
    );
  });

  it("never accepts an input with more than 6 digits after the point, and never throws", () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(..."0123456789.-, e+"), maxLength: 30 }), fc.boolean(), (input, allowNegative) => {
        const parsed = parseMoney(input, { allowNegative });
        if (!parsed.ok) return;
        const fraction = input.trim().split(".")[1] ?? "";
        expect(fraction.length).toBeLessThanOrEqual(6);
        expect(/^-?\d*\.?\d*$/.test(input.trim())).toBe(true);
        if (!allowNegative) expect(parsed.micro >= 0n).toBe(true);
        // the accepted text and the parsed amount agree exactly
        const [whole = "", frac = ""] = input.trim().replace(/^-/, "").split(".");
        const expected = BigInt(whole || "0") * MICRO_PER_UNIT + BigInt(frac.padEnd(6, "0"));
        expect(parsed.micro).toBe(input.trim().startsWith("-") ? -expected : expected);
      }),
      { numRuns: 2000 },
    );
  });
});
