const regionNames = new Intl.DisplayNames(["en"], { type: "region" });

/** "CY" → "Cyprus"; an unknown code comes back as it is. */
export function countryName(code: string) {
  try {
    return regionNames.of(code.trim().toUpperCase()) ?? code;
  } catch {
    return code;
  }
}
