// The native API (/api/v1/…): replies are JSON, errors are `{error: {code, message, details?}}` with the
// DomainError's status (DESIGN.md §6).
import type { z } from "zod";
import { DomainError, UnauthenticatedError, ValidationError } from "@/lib/domain/errors";
import {
  bearerChallenge,
  defineApiRoute,
  type ApiContext,
  type KeyAuthOptions,
  type NextRouteHandler,
  type NoParams,
  type PublicOptions,
  type RouteHandler,
  type RouteOptions,
  type RouteParams,
  type WireFormat,
} from "./api-route";
import { jsonResponse } from "./json";
import { InvalidJsonError, parseJson, readBodyText, validate } from "./request-body";

export type NativeErrorBody = { error: { code: string; message: string; details?: Record<string, string[]> } };

export const nativeFormat: WireFormat = {
  reply: (result) => (result === undefined ? new Response(null, { status: 204, headers: { "cache-control": "no-store" } }) : jsonResponse(result)),
  refuse: (err) => {
    const details = err instanceof ValidationError ? err.fieldErrors : undefined;
    const body: NativeErrorBody = { error: { code: err.code, message: err.message, ...(details ? { details } : {}) } };
    const headers = err instanceof UnauthenticatedError ? { "www-authenticate": bearerChallenge(err) } : undefined;
    return jsonResponse(body, { status: err.status, headers });
  },
  fail: () => jsonResponse({ error: { code: "internal_error", message: "Something went wrong." } } satisfies NativeErrorBody, { status: 500 }),
};

/**
 * Wraps a native route handler: authenticates the API key (401 with a Bearer challenge when it is missing or
 * refused), awaits the route params, sends what the handler returns (a Response as it is, `undefined` as 204,
 * anything else as 200 JSON) and maps every error once.
 */
export function nativeRoute<P extends RouteParams = NoParams>(handler: RouteHandler<P, ApiContext>, options?: KeyAuthOptions): NextRouteHandler<P>;
export function nativeRoute<P extends RouteParams = NoParams>(handler: RouteHandler<P, null>, options: PublicOptions): NextRouteHandler<P>;
export function nativeRoute<P extends RouteParams>(
  handler: RouteHandler<P, ApiContext> | RouteHandler<P, null>,
  options: RouteOptions = {},
): NextRouteHandler<P> {
  // the overloads tie the handler's ctx to `auth`: null exactly when the route is public
  return defineApiRoute(handler as RouteHandler<P, ApiContext | null>, options, nativeFormat);
}

/** The JSON body validated with `schema`: 413 past 1 MB, 400 `invalid_json` when empty or unparsable, 422 when invalid. */
export async function readJsonBody<S extends z.ZodType>(req: Request, schema: S): Promise<z.output<S>> {
  const text = await readBodyText(req);
  if (!text.trim()) throw new InvalidJsonError("The request body is empty: send a JSON object.");
  return validate(schema, parseJson(text));
}

class InvalidIdempotencyKeyError extends DomainError {
  constructor() {
    super("invalid_idempotency_key", "The Idempotency-Key header must be 1 to 255 printable ASCII characters.", 400);
  }
}

/** The `Idempotency-Key` header, or null when absent; a malformed one is refused (400) rather than ignored. */
export function idempotencyKeyFromRequest(req: Request): string | null {
  const key = req.headers.get("idempotency-key");
  if (key === null) return null;
  if (!/^[\x20-\x7e]{1,255}$/.test(key)) throw new InvalidIdempotencyKeyError();
  return key;
}
