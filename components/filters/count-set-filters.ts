// Not in filter-disclosure.tsx: that module is a client one, and the filter forms call this on the server.
/** How many of a filter form's values are set (present and not the default). */
export function countSetFilters(values: (string | number | bigint | boolean | null | undefined)[]) {
  return values.filter((v) => v !== undefined && v !== null && v !== "" && v !== false).length;
}
