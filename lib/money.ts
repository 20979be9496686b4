// Money is a bigint of micro-units (1 EUR = 1,000,000). The functions here are the only way between it and
// text, so that a float never touches an amount. No React and no database: client components and route
// handlers import it.
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

// Money for people, in one of two kinds: an amount (a balance, a total, a transfer, a threshold…) shows the
// currency's own decimals (2 for EUR), rounded half away from zero; a price per segment keeps the fractions of a
// cent that make it (€0.0079). `formatExact` shows every digit there is, for a tooltip behind a rounded amount.
export type MoneyKind = "amount" | "price";

const LOCALE = "en-US";
const formatters = new Map<string, Intl.NumberFormat>();

function formatterFor(currency: string, maxDecimals: "currency" | typeof MONEY_DECIMALS): Intl.NumberFormat {
  const key = `${currency}:${maxDecimals}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter = new Intl.NumberFormat(LOCALE, {
      style: "currency",
      currency,
      // Intl's defaults for a currency are its own decimals and halfExpand rounding; "negative" keeps a
      // rounded-away -€0.004 from reading "-€0.00"
      signDisplay: "negative",
      ...(maxDecimals === MONEY_DECIMALS ? { minimumFractionDigits: currencyDecimals(currency), maximumFractionDigits: MONEY_DECIMALS } : {}),
    });
    formatters.set(key, formatter);
  }
  return formatter;
}

/** The decimals a currency is written with: 2 for EUR, USD, GBP; 0 for JPY; 3 for KWD. */
export function currencyDecimals(currency: string): number {
  return Math.min(formatterFor(currency, "currency").resolvedOptions().maximumFractionDigits ?? 2, MONEY_DECIMALS);
}

// Intl formats a decimal string exactly (a Number would round beyond 2^53 micro-units)
const decimal = (micro: bigint) => microToDecimalString(micro) as unknown as number;

/** Any amount of money (balance, total, spend, transfer, threshold): "€1,444.68" for 1,444.6843. */
export function formatAmount(micro: bigint, currency: string): string {
  return formatterFor(currency, "currency").format(decimal(micro));
}

/** A price per segment, fractions of a cent included: "€0.0079", "€0.05" (today the same text as formatExact). */
export function formatPrice(micro: bigint, currency: string): string {
  return formatterFor(currency, MONEY_DECIMALS).format(decimal(micro));
}

/** Every decimal there is (at least the currency's): "€1,444.684312", "€1.50". For a tooltip, not a column. */
export function formatExact(micro: bigint, currency: string): string {
  return formatterFor(currency, MONEY_DECIMALS).format(decimal(micro));
}

/** The smallest step an amount shows, in micro-units: 10,000 (a cent) for EUR, 1,000,000 for JPY. */
export function minorUnitMicro(currency: string): bigint {
  return 10n ** BigInt(MONEY_DECIMALS - currencyDecimals(currency));
}

/** Whether the amount format hides digits of `micro` (1,444.6843 shows as 1,444.68: yes). */
export function isRoundedAsAmount(micro: bigint, currency: string): boolean {
  return micro % minorUnitMicro(currency) !== 0n;
}

/** What `<Money>` shows: the text of its kind, and the exact value only when that text hid digits. */
export function moneyText(micro: bigint, currency: string, kind: MoneyKind): { text: string; exact: string | null } {
  if (kind === "price") return { text: formatPrice(micro, currency), exact: null };
  return { text: formatAmount(micro, currency), exact: isRoundedAsAmount(micro, currency) ? formatExact(micro, currency) : null };
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
