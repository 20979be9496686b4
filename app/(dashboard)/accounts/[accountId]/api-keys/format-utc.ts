/** `2026-11-24 14:05`: the dashboard shows times in UTC, the same on the server and in every browser. */
export function formatUtc(iso: string) {
  return iso.slice(0, 16).replace("T", " ");
}
