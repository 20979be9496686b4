import { microToDecimalString, parseMoney } from "@/lib/money";

/** What a money input shows for stored micro-units: "5.00", "0.125" (at least 2 decimals, never rounded). */
export function moneyInputText(micro: string | null | undefined) {
  if (micro === null || micro === undefined) return "";
  const [whole, fraction = ""] = microToDecimalString(BigInt(micro)).split(".");
  return `${whole}.${fraction.padEnd(2, "0")}`;
}

/** The positive amount typed so far, or null while it is blank or not (yet) a valid amount. */
export function typedAmount(text: string | null | undefined): bigint | null {
  const parsed = parseMoney(text ?? "");
  return parsed.ok && parsed.micro > 0n ? parsed.micro : null;
}
