// One native API call as the stress clients make it: the status, the JSON body, whether the server said it
// replayed an earlier request, and the time; a request the server never answered (it died, the connection
// broke) comes back as status 0 with the reason rather than throwing.
export type Reply = {
  status: number;
  body: Record<string, unknown> | null;
  replayed: boolean;
  ms: number;
  /** why there is no status: the connection failed or timed out */
  networkError?: string;
};

export type Call = {
  method: "GET" | "POST" | "PUT" | "DELETE";
  path: string;
  body?: unknown;
  idempotencyKey?: string;
};

export async function callApi(base: string, apiKey: string, call: Call, { timeoutMs = 30_000 } = {}): Promise<Reply> {
  const started = performance.now();
  const headers: Record<string, string> = { authorization: `Bearer ${apiKey}` };
  if (call.body !== undefined) headers["content-type"] = "application/json";
  if (call.idempotencyKey) headers["idempotency-key"] = call.idempotencyKey;
  try {
    const res = await fetch(`${base}${call.path}`, {
      method: call.method,
      headers,
      body: call.body === undefined ? undefined : JSON.stringify(call.body),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await res.text();
    let body: Record<string, unknown> | null = null;
    try {
      body = text ? (JSON.parse(text) as Record<string, unknown>) : null;
    } catch {
      body = { unparsable: text.slice(0, 200) };
    }
    return { status: res.status, body, replayed: res.headers.get("idempotent-replayed") === "true", ms: performance.now() - started };
  } catch (err) {
    const e = err as Error & { cause?: { code?: string; message?: string } };
    return { status: 0, body: null, replayed: false, ms: performance.now() - started, networkError: e.cause?.code ?? e.cause?.message ?? e.name ?? e.message };
  }
}

/** The error code of a refused reply (`{error: {code}}`), the HTTP status when the body has none. */
export function errorCodeOf(reply: Reply): string {
  if (reply.status === 0) return `network:${reply.networkError}`;
  const code = (reply.body?.error as { code?: string } | undefined)?.code;
  return code ? `${reply.status} ${code}` : String(reply.status);
}

/** Micro-units from a decimal string of the wire ("12.5" → 12_500_000n). */
export function microOf(decimal: string): bigint {
  const negative = decimal.startsWith("-");
  const [whole, fraction = ""] = decimal.replace(/^-/, "").split(".");
  const micro = BigInt(whole) * 1_000_000n + BigInt((fraction + "000000").slice(0, 6));
  return negative ? -micro : micro;
}

/** A decimal string of `cents` hundredths ("12.34"). */
export function centsString(cents: number): string {
  return `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, "0")}`;
}
