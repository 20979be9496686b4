// The SMS.to-compatible surface (reference/smsto-api.md §1, §9). Its clients decide differently: the PHP SDK
// ignores the status and throws `message` when `success` is false; the C# SDK throws on any non-2xx. So every
// reply is a JSON object, and an error carries both a non-2xx status and `{success: false, message}`.
import type { z } from "zod";
import { UnauthenticatedError, ValidationError } from "@/lib/domain/errors";
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
import { parseJson, readBodyText, validate } from "./request-body";

export type SmstoErrorBody = { success: false; message: string; errors?: Record<string, string[]> };

const isJsonObject = (value: unknown) => typeof value === "object" && value !== null && !Array.isArray(value);

/** Laravel's wording, which is what SMS.to answers: the PHP SDK shows only `message`, so it names the first problem. */
function validationMessage(fieldErrors: Record<string, string[]>) {
  const problems = Object.entries(fieldErrors).flatMap(([field, messages]) => messages.map((m) => `${field}: ${m}`));
  const more = problems.length - 1;
  return more > 0 ? `${problems[0]} (and ${more} more error${more > 1 ? "s" : ""})` : problems[0];
}

const smstoFormat: WireFormat = {
  reply: (result) => {
    if (result === undefined) return jsonResponse({ success: true });
    // a bare array or scalar makes the PHP SDK raise a TypeError (§9.5)
    if (!isJsonObject(result)) throw new Error("an SMS.to-compatible handler must return a JSON object");
    return jsonResponse(result);
  },
  refuse: (err) => {
    const fieldErrors = err instanceof ValidationError && err.fieldErrors && Object.keys(err.fieldErrors).length > 0 ? err.fieldErrors : undefined;
    const body: SmstoErrorBody = fieldErrors
      ? { success: false, message: validationMessage(fieldErrors), errors: fieldErrors }
      : { success: false, message: err.message };
    const headers = err instanceof UnauthenticatedError ? { "www-authenticate": bearerChallenge(err) } : undefined;
    return jsonResponse(body, { status: err.status, headers });
  },
  fail: () => jsonResponse({ success: false, message: "Something went wrong." } satisfies SmstoErrorBody, { status: 500 }),
};

/**
 * Wraps an SMS.to-compatible route handler: the same API-key authentication and error mapping as the native
 * API, with SMS.to's reply shape. The handler returns the success object itself (`{success: true, …}`), a
 * Response, or `undefined` for a bare `{success: true}`.
 */
export function smstoRoute<P extends RouteParams = NoParams>(handler: RouteHandler<P, ApiContext>, options?: KeyAuthOptions): NextRouteHandler<P>;
export function smstoRoute<P extends RouteParams = NoParams>(handler: RouteHandler<P, null>, options: PublicOptions): NextRouteHandler<P>;
export function smstoRoute<P extends RouteParams>(
  handler: RouteHandler<P, ApiContext> | RouteHandler<P, null>,
  options: RouteOptions = {},
): NextRouteHandler<P> {
  // the overloads tie the handler's ctx to `auth`: null exactly when the route is public (/oauth/token)
  return defineApiRoute(handler as RouteHandler<P, ApiContext | null>, options, smstoFormat);
}

/**
 * The JSON body validated with `schema`. The PHP SDK sends `Content-Type: application/json` with an empty body,
 * and `[]` as the body of a DELETE (Guzzle's `json: []`): both read as `{}`.
 */
export async function readSmstoBody<S extends z.ZodType>(req: Request, schema: S): Promise<z.output<S>> {
  const text = await readBodyText(req);
  const value = text.trim() ? parseJson(text) : {};
  return validate(schema, Array.isArray(value) && value.length === 0 ? {} : value);
}

/**
 * A Laravel paginator around `data`, the shape SMS.to's lists have (reference §4), with `success` for the SDK (and a
 * `message` where SMS.to sends one). The page links drop `api_key`: a key never travels in a URL we hand out.
 */
export function laravelPage<T>(url: URL, page: { rows: T[]; total: number; page: number; pageSize: number }, message?: string) {
  const lastPage = Math.max(1, Math.ceil(page.total / page.pageSize));
  const pageUrl = (n: number) => {
    const next = new URL(url);
    next.searchParams.set("page", String(n));
    next.searchParams.delete("api_key");
    return next.toString();
  };
  const from = page.rows.length ? (page.page - 1) * page.pageSize + 1 : null;
  return {
    success: true,
    ...(message === undefined ? {} : { message }),
    data: page.rows,
    current_page: page.page,
    first_page_url: pageUrl(1),
    from,
    last_page: lastPage,
    last_page_url: pageUrl(lastPage),
    next_page_url: page.page < lastPage ? pageUrl(page.page + 1) : null,
    path: `${url.origin}${url.pathname}`,
    per_page: page.pageSize,
    prev_page_url: page.page > 1 ? pageUrl(page.page - 1) : null,
    to: from === null ? null : from + page.rows.length - 1,
    total: page.total,
  };
}
