// What the native and the SMS.to-compatible wrappers share: finding and checking the API key, awaiting the
// route params, and sorting every thrown value once into an expected DomainError or a bug. Each wrapper only
// decides how a reply and an error look on its wire.
import { z } from "zod";
import { toDomainError } from "@/lib/db/errors";
import { DomainError, RateLimitedError, UnauthenticatedError } from "@/lib/domain/errors";
import { looksLikeApiToken } from "@/lib/domain/api-keys/api-token-format";
import { authenticateApiKey, type ApiKeyContext } from "@/lib/domain/api-keys/authenticate-api-key";
import { recordIfDenied } from "@/lib/domain/audit/record-denial";
import { requestMetaOf } from "@/lib/domain/audit/request-meta";
import { authenticateApiToken } from "@/lib/domain/api-keys/authenticate-api-token";
import { apiKeyFromRequest } from "./credentials";
import { validationErrorOf } from "./request-body";

export type ApiContext = ApiKeyContext;
export type Authenticate = (plaintext: string) => Promise<ApiContext>;

export type RouteParams = Record<string, string | string[] | undefined>;
export type NoParams = Record<string, never>;
/** Next's second route-handler argument: since Next 15 the params arrive as a Promise. */
export type NextRouteContext<P extends RouteParams> = { params: Promise<P> };
export type NextRouteHandler<P extends RouteParams> = (req: Request, context?: NextRouteContext<P>) => Promise<Response>;

export type RouteArgs<P extends RouteParams, C> = { req: Request; ctx: C; params: P };
export type RouteHandler<P extends RouteParams, C> = (args: RouteArgs<P, C>) => unknown;

export type KeyAuthOptions = {
  auth?: "api_key";
  /** replaces the database lookup; unit tests inject a fake */
  authenticate?: Authenticate;
};
export type PublicOptions = { auth: "none" };
export type RouteOptions = KeyAuthOptions | PublicOptions;

export type WireFormat = {
  /** what the handler returned, when it is not already a Response */
  reply(result: unknown): Response;
  /** an expected failure */
  refuse(err: DomainError): Response;
  /** a bug: the details are logged, never sent */
  fail(): Response;
};

/** No key at all: per RFC 6750 the challenge then carries no error code. */
export class MissingApiKeyError extends UnauthenticatedError {
  constructor() {
    super("Missing API key: send it as Authorization: Bearer <key>.");
  }
}

/**
 * An API key, or a token issued for one by SMS.to's `/oauth/token` (a JWT: three dot-separated parts, which a
 * key never has). Both surfaces accept both wherever a key goes.
 */
export const authenticateCredential: Authenticate = (credential) =>
  looksLikeApiToken(credential) ? authenticateApiToken(credential) : authenticateApiKey(credential);

export async function authenticateRequest(req: Request, authenticate: Authenticate = authenticateCredential): Promise<ApiContext> {
  const plaintext = apiKeyFromRequest(req);
  if (!plaintext) throw new MissingApiKeyError();
  return authenticate(plaintext);
}

/** The RFC 6750 challenge for a 401. */
export function bearerChallenge(err: UnauthenticatedError) {
  return err instanceof MissingApiKeyError ? 'Bearer realm="Subledger"' : 'Bearer realm="Subledger", error="invalid_token"';
}

/** The expected failure behind a thrown value, or null when it is a bug. */
export function expectedError(err: unknown, currency?: string): DomainError | null {
  if (err instanceof z.ZodError) return validationErrorOf(err);
  const mapped = toDomainError(err, currency);
  return mapped instanceof DomainError ? mapped : null;
}

export function defineApiRoute<P extends RouteParams>(
  handler: RouteHandler<P, ApiContext | null>,
  options: RouteOptions,
  format: WireFormat,
): NextRouteHandler<P> {
  return async (req, context) => {
    let currency: string | undefined;
    let ctx: ApiContext | null = null;
    try {
      const key = options.auth === "none" ? null : await authenticateRequest(req, options.authenticate);
      ctx = key && { ...key, request: requestMetaOf(req.headers) };
      currency = ctx?.currency;
      const params = context ? await context.params : ({} as P);
      const result = await handler({ req, ctx, params });
      return result instanceof Response ? result : format.reply(result);
    } catch (err) {
      const expected = expectedError(err, currency);
      // an authenticated caller refused a target (404 outside its subtree, 403 beyond its rights): audited
      if (ctx && expected) {
        const target = context?.params ? await Promise.resolve(context.params).catch(() => undefined) : undefined;
        await recordIfDenied(ctx, { attempted: `${req.method} ${new URL(req.url).pathname}`, target }, expected);
      }
      if (expected) return withRateLimitHeaders(format.refuse(expected), expected);
      // the path only: the query string may hold ?api_key=
      console.error(`API ${req.method} ${new URL(req.url).pathname} failed`, err);
      return format.fail();
    }
  };
}

/**
 * A 429 says on every surface when to come back: `Retry-After` (RFC 9110) and the IETF draft's `RateLimit-*`
 * fields, in seconds until the window ends.
 */
function withRateLimitHeaders(res: Response, err: DomainError) {
  if (!(err instanceof RateLimitedError)) return res;
  res.headers.set("retry-after", String(err.retryAfterSeconds));
  res.headers.set("ratelimit-limit", String(err.limit));
  res.headers.set("ratelimit-remaining", "0");
  res.headers.set("ratelimit-reset", String(err.retryAfterSeconds));
  return res;
}
