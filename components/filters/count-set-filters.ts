// Not in filter-disclosure.tsx: that module is a client one, and the filter forms call this on the server.
/** How many of a filter form's values are set (present and not the default). */
export function countSetFilters(values: (string | number | bigint | boolean | null | undefined)[]) {
  return values.filter((v) => v !== undefined && v !== null && v !== "" && v !== false).length;
}

/**
 * A key for a GET filter form, from the query it shows: a navigation to other filters (Clear, a link) remounts
 * the form, so its uncontrolled inputs show the new values rather than keep what was typed before.
 */
export function filterFormKey(query: object) {
  return JSON.stringify(query, (_key, value: unknown) => (typeof value === "bigint" ? value.toString() : value));
}
