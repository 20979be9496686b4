import { microToDecimalString } from "@/lib/money";

/**
 * JSON text for an API reply. Money is bigint micro-units, which JSON.stringify refuses, and a string keeps
 * every digit (a JSON number would lose precision past 2^53 in most clients). Dates become ISO 8601 through
 * their own toJSON, which runs before the replacer.
 */
export function toJson(value: unknown): string {
  const text = JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v === "bigint") return v.toString();
    if (v instanceof JsonDecimal) return `${DECIMAL_MARK}${v.text}${DECIMAL_MARK}`;
    return v;
  });
  return text.includes(DECIMAL_MARK_JSON) ? text.replace(DECIMAL_PATTERN, "$1") : text;
}

/**
 * A money amount written as a JSON number, for clients that read one (SMS.to's `estimated_cost`, `balance`):
 * the number's text is the exact decimal of the micro-units, never a float's rendering of it.
 */
export class JsonDecimal {
  constructor(readonly text: string) {
    if (!/^-?\d+(\.\d+)?$/.test(text)) throw new Error(`not a decimal: ${text}`);
  }
}
export const jsonDecimal = (micro: bigint) => new JsonDecimal(microToDecimalString(micro));

const DECIMAL_MARK = "\u0000decimal\u0000";
const DECIMAL_MARK_JSON = "\\u0000decimal\\u0000";
const DECIMAL_PATTERN = /"\\u0000decimal\\u0000(-?[0-9.]+)\\u0000decimal\\u0000"/g;

/** A JSON reply that no shared cache keeps: every API reply is specific to the key that asked. */
export function jsonResponse(body: unknown, init: ResponseInit = {}): Response {
  const headers = new Headers(init.headers);
  headers.set("content-type", "application/json");
  if (!headers.has("cache-control")) headers.set("cache-control", "no-store");
  return new Response(toJson(body), { ...init, headers });
}
