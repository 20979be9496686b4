// Money is a bigint of micro-units (1 EUR = 1,000,000). These two functions are the only way between it and
// text, so that a float never touches an amount.
export const MICRO_PER_UNIT = 1_000_000n;
export const MONEY_DECIMALS = 6;

/** The exact decimal text of a micro-unit amount, e.g. 2_500_000n → "2.5", -34_500n → "-0.0345". */
export function microToDecimalString(micro: bigint): string {
  const negative = micro < 0n;
  const abs = negative ? -micro : micro;
  const whole = abs / MICRO_PER_UNIT;
  const fraction = (abs % MICRO_PER_UNIT).toString().padStart(MONEY_DECIMALS, "0").replace(/0+$/, "");
  return `${negative ? "-" : ""}${whole}${fraction ? `.${fraction}` : ""}`;
}

const formatters = new Map<string, Intl.NumberFormat>();

/** For people: currency symbol, grouping, at least 2 and at most 6 decimals (prices can be fractions of a cent). */
export function formatMoney(micro: bigint, currency: string, locale = "en-US"): string {
  const key = `${locale}:${currency}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter = new Intl.NumberFormat(locale, {
      style: "currency",
      currency,
      minimumFractionDigits: 2,
      maximumFractionDigits: MONEY_DECIMALS,
    });
    formatters.set(key, formatter);
  }
  // Intl formats a decimal string exactly (a Number would round beyond 2^53 micro-units)
  return formatter.format(microToDecimalString(micro) as unknown as number);
}

export type ParsedMoney = { ok: true; micro: bigint } | { ok: false; error: string };

/**
 * Parses what a person or an API client typed ("2.5", "1,000.25" is refused: no grouping) into micro-units.
 * At most 6 decimals; a sign is allowed only where the caller allows negatives.
 */
export function parseMoney(input: string, { allowNegative = false } = {}): ParsedMoney {
  const text = input.trim();
  const match = /^(-)?(\d+)(?:\.(\d*))?$/.exec(text) ?? /^(-)?()\.(\d+)$/.exec(text);
  if (!match) return { ok: false, error: "Enter an amount such as 25 or 12.50." };
  const [, sign, whole, fraction = ""] = match;
  if (sign && !allowNegative) return { ok: false, error: "The amount must be positive." };
  if (fraction.length > MONEY_DECIMALS) return { ok: false, error: "Use at most 6 decimals." };
  if ((whole ?? "").replace(/^0+/, "").length > 12) return { ok: false, error: "The amount is too large." };
  const micro = BigInt(whole || "0") * MICRO_PER_UNIT + BigInt(fraction.padEnd(MONEY_DECIMALS, "0") || "0");
  return { ok: true, micro: sign ? -micro : micro };
}
