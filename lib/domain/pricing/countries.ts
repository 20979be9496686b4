import { getCountries } from "libphonenumber-js/max";
import { DEFAULT_PRICES } from "@/lib/domain/messaging/default-prices";

const DEFAULT_NAMES = new Map(DEFAULT_PRICES.map((p) => [p.country, p.name]));
const regionNames = new Intl.DisplayNames(["en"], { type: "region", fallback: "code" });

/** A country's English name: the default price list's wording first (so both lists read alike), else ICU's. */
export function countryName(code: string): string {
  return DEFAULT_NAMES.get(code) ?? regionNames.of(code) ?? code;
}

export type CountryOption = { code: string; name: string };

/**
 * Every destination a recipient can resolve to (libphonenumber's max metadata, as parseRecipient uses), by
 * name: what a price can be set for.
 */
export function listCountryOptions(): CountryOption[] {
  return getCountries()
    .map((code) => ({ code, name: countryName(code) }))
    .sort((a, b) => a.name.localeCompare(b.name, "en"));
}

/** Whether a country matches what someone typed in the search box: its code, or a part of its name. */
export function countryMatches(code: string, name: string, q: string): boolean {
  if (q === "") return true;
  const fold = (s: string) => s.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
  return code.toLowerCase() === q.toLowerCase() || fold(name).includes(fold(q));
}
