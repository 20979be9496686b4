/**
 * JSON text for an API reply. Money is bigint micro-units, which JSON.stringify refuses, and a string keeps
 * every digit (a JSON number would lose precision past 2^53 in most clients). Dates become ISO 8601 through
 * their own toJSON, which runs before the replacer.
 */
export function toJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === "bigint" ? v.toString() : v));
}

/** A JSON reply that no shared cache keeps: every API reply is specific to the key that asked. */
export function jsonResponse(body: unknown, init: ResponseInit = {}): Response {
  const headers = new Headers(init.headers);
  headers.set("content-type", "application/json");
  if (!headers.has("cache-control")) headers.set("cache-control", "no-store");
  return new Response(toJson(body), { ...init, headers });
}
