import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  currencyDecimals, formatAmount, formatExact, formatPrice, isRoundedAsAmount, microToDecimalString, MICRO_PER_UNIT, minorUnitMicro, moneyText, parseMoney,
} from "@/lib/money";

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

describe("formatAmount", () => {
  it.each([
    [0n, "EUR", "€0.00"],
    [1_500_000n, "EUR", "€1.50"],
    [25_000_000n, "EUR", "€25.00"],
    [1_234_567_890_000n, "EUR", "€1,234,567.89"],
    [-2_500_000n, "EUR", "-€2.50"],
    // rounded half away from zero (Intl's halfExpand)
    [1_444_684_300n, "EUR", "€1,444.68"],
    [5_000n, "EUR", "€0.01"],
    [4_900n, "EUR", "€0.00"],
    [-12_345_000n, "EUR", "-€12.35"],
    [-5_000n, "EUR", "-€0.01"],
    [12_345_000n, "EUR", "€12.35"],
    [25_125_000n, "EUR", "€25.13"],
    [45_000n, "EUR", "€0.05"],
    [1n, "EUR", "€0.00"],
    // a negative amount that rounds to nothing reads as nothing, not "-€0.00"
    [-4_900n, "EUR", "€0.00"],
    [-1n, "EUR", "€0.00"],
    // beyond 2^53 micro-units: a Number would lose these digits
    [9_007_199_254_740_993n, "EUR", "€9,007,199,254.74"],
    [12_345_678_901_234_567_891n, "EUR", "€12,345,678,901,234.57"],
    [12_345_678_901_234_564_999n, "EUR", "€12,345,678,901,234.56"],
    // a half cent at the end: exact, it rounds up; as a Number (…234.56445…) it would round down
    [12_345_678_901_234_565_000n, "EUR", "€12,345,678,901,234.57"],
    [-9_223_372_036_854_775_807n, "EUR", "-€9,223,372,036,854.78"],
    // other currencies, each with its own decimals
    [1_000_000n, "USD", "$1.00"],
    [1_444_684_300n, "USD", "$1,444.68"],
    [-12_345_000n, "GBP", "-£12.35"],
    [999_995_000n, "GBP", "£1,000.00"],
    [1_500_000n, "JPY", "¥2"],
    [1_234_567n, "KWD", "KWD\u00a01.235"],
  ])("%s %s → %j", (micro, currency, text) => {
    expect(formatAmount(micro, currency)).toBe(text);
  });
});

describe("formatPrice", () => {
  it.each([
    [7_900n, "EUR", "€0.0079"],
    [50_000n, "EUR", "€0.05"],
    [123_450n, "EUR", "€0.12345"],
    [45_000n, "EUR", "€0.045"],
    [1n, "EUR", "€0.000001"],
    [0n, "EUR", "€0.00"],
    [1_000_000n, "EUR", "€1.00"],
    [7_900n, "USD", "$0.0079"],
    [62_000n, "GBP", "£0.062"],
  ])("%s %s → %j", (micro, currency, text) => {
    expect(formatPrice(micro, currency)).toBe(text);
  });
});

describe("formatExact", () => {
  it.each([
    [1_444_684_312n, "EUR", "€1,444.684312"],
    [1_444_684_300n, "EUR", "€1,444.6843"],
    [1_500_000n, "EUR", "€1.50"],
    [-34_500n, "EUR", "-€0.0345"],
    [25_125_000n, "USD", "$25.125"],
    [9_007_199_254_740_993n, "EUR", "€9,007,199,254.740993"],
    [12_345_678_901_234_567_891n, "EUR", "€12,345,678,901,234.567891"],
    [-9_223_372_036_854_775_807n, "GBP", "-£9,223,372,036,854.775807"],
  ])("%s %s → %j", (micro, currency, text) => {
    expect(formatExact(micro, currency)).toBe(text);
  });
});

describe("currency decimals", () => {
  it.each([
    ["EUR", 2, 10_000n],
    ["USD", 2, 10_000n],
    ["GBP", 2, 10_000n],
    ["JPY", 0, 1_000_000n],
    ["KWD", 3, 1_000n],
  ])("%s has %s decimals, its smallest step %s micro-units", (currency, decimals, step) => {
    expect(currencyDecimals(currency)).toBe(decimals);
    expect(minorUnitMicro(currency)).toBe(step);
  });
});

describe("moneyText (what <Money> renders)", () => {
  it.each([
    // an amount whose digits the rounding hid carries the exact value for the tooltip
    [1_444_684_300n, "EUR", "amount", "€1,444.68", "€1,444.6843"],
    [7_900n, "EUR", "amount", "€0.01", "€0.0079"],
    [-4_900n, "EUR", "amount", "€0.00", "-€0.0049"],
    [25_125_000n, "GBP", "amount", "£25.13", "£25.125"],
    // nothing hidden, no tooltip
    [1_444_680_000n, "EUR", "amount", "€1,444.68", null],
    [0n, "EUR", "amount", "€0.00", null],
    [-2_500_000n, "USD", "amount", "-$2.50", null],
    // a price shows every digit it has: never a tooltip
    [7_900n, "EUR", "price", "€0.0079", null],
    [123_450n, "EUR", "price", "€0.12345", null],
    [50_000n, "EUR", "price", "€0.05", null],
  ] as const)("%s %s as %s → %j, title %j", (micro, currency, kind, text, exact) => {
    expect(moneyText(micro, currency, kind)).toEqual({ text, exact });
    if (kind === "amount") expect(isRoundedAsAmount(micro, currency)).toBe(exact !== null);
  });

  it("the tooltip appears exactly when the amount and the exact text differ", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 18n), max: 10n ** 18n }), fc.constantFrom("EUR", "USD", "GBP", "JPY"), (micro, currency) => {
        const { text, exact } = moneyText(micro, currency, "amount");
        expect(exact === null).toBe(text === formatExact(micro, currency));
      }),
      { numRuns: 1000 },
    );
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
