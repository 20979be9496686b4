import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from "vitest";
import { z } from "zod";
import { idempotencyKeyFromRequest, nativeRoute, readJsonBody } from "@/lib/api/native";
import { MAX_BODY_BYTES } from "@/lib/api/request-body";
import type { ApiContext, Authenticate } from "@/lib/api/api-route";
import {
  AccountStateError,
  ConflictError,
  DomainError,
  ForbiddenError,
  InsufficientFundsError,
  LimitExceededError,
  NotFoundError,
  UnauthenticatedError,
  ValidationError,
} from "@/lib/domain/errors";

// the wrapper audits refusals in the database, which unit tests have none of: the call is what is checked here
const audit = vi.hoisted(() => ({ recordIfDenied: vi.fn(async () => {}) }));
vi.mock("@/lib/domain/audit/record-denial", () => audit);

const KEY = "sk_live_0123456789abcdef_0123456789abcdef0123456789abcdef01234567";
const CTX: ApiContext = {
  tenantId: 3,
  accountId: 42,
  role: "owner",
  actor: { type: "api_key", apiKeyId: 9 },
  currency: "EUR",
  apiKeyId: 9,
};

const acceptKey: Authenticate = async (plaintext) => {
  if (plaintext !== KEY) throw new UnauthenticatedError("Invalid or revoked API key.");
  return CTX;
};

function request(path = "/api/v1/things", init: RequestInit & { key?: string | null } = {}) {
  const { key = KEY, ...rest } = init;
  const headers = new Headers(rest.headers);
  if (key) headers.set("authorization", `Bearer ${key}`);
  return new Request(`https://subledger.test${path}`, { ...rest, headers, duplex: "half" } as RequestInit);
}

const params = <P>(value: P) => ({ params: Promise.resolve(value) });

/** A route that throws `err`, authenticated by the fake. */
const throwing = (err: unknown) =>
  nativeRoute(
    async () => {
      throw err;
    },
    { authenticate: acceptKey },
  );

let consoleError: MockInstance<typeof console.error>;
beforeEach(() => {
  consoleError = vi.spyOn(console, "error").mockImplementation(() => {});
});
afterEach(() => consoleError.mockRestore());

describe("nativeRoute authentication", () => {
  it("answers 401 with a Bearer challenge when no key is sent, without running the handler or the authenticator", async () => {
    const handler = vi.fn();
    const authenticate = vi.fn(acceptKey);
    const res = await nativeRoute(handler, { authenticate })(request("/api/v1/things", { key: null }));
    expect(res.status).toBe(401);
    expect(res.headers.get("www-authenticate")).toBe('Bearer realm="Subledger"');
    expect(res.headers.get("content-type")).toBe("application/json");
    expect(await res.json()).toEqual({
      error: { code: "unauthenticated", message: "Missing API key: send it as Authorization: Bearer <key>." },
    });
    expect(handler).not.toHaveBeenCalled();
    expect(authenticate).not.toHaveBeenCalled();
  });

  it("answers 401 with invalid_token when the authenticator refuses the key", async () => {
    const handler = vi.fn();
    const res = await nativeRoute(handler, { authenticate: acceptKey })(request("/api/v1/things", { key: "sk_live_wrong" }));
    expect(res.status).toBe(401);
    expect(res.headers.get("www-authenticate")).toBe('Bearer realm="Subledger", error="invalid_token"');
    expect(await res.json()).toEqual({ error: { code: "unauthenticated", message: "Invalid or revoked API key." } });
    expect(handler).not.toHaveBeenCalled();
  });

  it("gives the handler the request, the key's context and the awaited params", async () => {
    const handler = vi.fn(async () => ({ ok: true }));
    const authenticate = vi.fn(acceptKey);
    const req = request("/api/v1/accounts/7");
    const res = await nativeRoute<{ id: string }>(handler, { authenticate })(req, params({ id: "7" }));
    expect(res.status).toBe(200);
    expect(authenticate).toHaveBeenCalledWith(KEY);
    // with the request's address and browser for the audit log (none in this request)
    expect(handler).toHaveBeenCalledWith({ req, ctx: { ...CTX, request: { ip: null, userAgent: null } }, params: { id: "7" } });
  });

  it("reads the key from ?api_key= too", async () => {
    const res = await nativeRoute(async ({ ctx }) => ({ accountId: ctx.accountId }), { authenticate: acceptKey })(
      request(`/api/v1/things?api_key=${KEY}`, { key: null }),
    );
    expect(await res.json()).toEqual({ accountId: 42 });
  });

  it("runs a public route without a key and with a null context", async () => {
    const route = nativeRoute(async ({ ctx }) => ({ ctx }), { auth: "none" });
    const res = await route(request("/api/v1/openapi.json", { key: null }));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ctx: null });
  });
});

describe("nativeRoute replies", () => {
  it("sends a returned object as JSON, bigint as a string and dates as ISO 8601", async () => {
    const route = nativeRoute(
      async () => ({
        balance: 12_345_678_901_234_567_890n,
        createdAt: new Date("2026-01-02T03:04:05.678Z"),
        rows: [{ amount: -5n, at: null }],
      }),
      { authenticate: acceptKey },
    );
    const res = await route(request());
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/json");
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(await res.text()).toBe(
      '{"balance":"12345678901234567890","createdAt":"2026-01-02T03:04:05.678Z","rows":[{"amount":"-5","at":null}]}',
    );
  });

  it("passes a returned Response through untouched", async () => {
    const route = nativeRoute(async () => Response.json({ id: 1 }, { status: 201, headers: { location: "/api/v1/things/1" } }), {
      authenticate: acceptKey,
    });
    const res = await route(request());
    expect(res.status).toBe(201);
    expect(res.headers.get("location")).toBe("/api/v1/things/1");
    expect(await res.json()).toEqual({ id: 1 });
  });

  it("answers 204 with no body when the handler returns nothing", async () => {
    const res = await nativeRoute(async () => undefined, { authenticate: acceptKey })(request());
    expect(res.status).toBe(204);
    expect(await res.text()).toBe("");
  });
});

describe("nativeRoute error mapping", () => {
  it.each<[string, DomainError, number, string, string]>([
    ["not found", new NotFoundError("Account not found."), 404, "not_found", "Account not found."],
    ["forbidden", new ForbiddenError(), 403, "forbidden", "Your role does not allow this."],
    ["insufficient funds", new InsufficientFundsError(7, 1_500_000n, "Insufficient funds: €1.50 available."), 402, "insufficient_funds", "Insufficient funds: €1.50 available."],
    ["a conflict", new ConflictError("idempotency_conflict", "Key reused."), 409, "idempotency_conflict", "Key reused."],
    ["a suspended account", new AccountStateError("account_suspended", "Suspended."), 409, "account_suspended", "Suspended."],
    ["a limit", new LimitExceededError("monthly_limit", "Monthly limit reached."), 422, "monthly_limit", "Monthly limit reached."],
    ["a rate limit", new DomainError("rate_limited", "Slow down.", 429), 429, "rate_limited", "Slow down."],
  ])("maps %s to its status and code", async (_label, err, status, code, message) => {
    const res = await throwing(err)(request());
    expect(res.status).toBe(status);
    expect(await res.json()).toEqual({ error: { code, message } });
    expect(res.headers.get("www-authenticate")).toBeNull();
    expect(consoleError).not.toHaveBeenCalled();
  });

  it("hands an authenticated caller's 403/404 to the audit log, with what it tried; nothing for a caller without a valid key", async () => {
    audit.recordIfDenied.mockClear();
    const err = new NotFoundError("Account not found.");
    const req = request("/api/v1/accounts/9/credit?x=1", { method: "POST", headers: { "x-forwarded-for": "192.0.2.1", "user-agent": "curl/8" } });
    await nativeRoute<{ id: string }>(async () => {
      throw err;
    }, { authenticate: acceptKey })(req, params({ id: "9" }));
    expect(audit.recordIfDenied).toHaveBeenCalledWith(
      { ...CTX, request: { ip: "192.0.2.1", userAgent: "curl/8" } },
      { attempted: "POST /api/v1/accounts/9/credit", target: { id: "9" } },
      err,
    );
    audit.recordIfDenied.mockClear();
    await throwing(new NotFoundError())(request("/api/v1/things", { key: "sk_live_wrong" }));
    expect(audit.recordIfDenied).not.toHaveBeenCalled();
  });

  it("puts a ValidationError's field errors into details", async () => {
    const res = await throwing(new ValidationError("Check the fields.", { amount: ["Must be positive."] }))(request());
    expect(res.status).toBe(422);
    expect(await res.json()).toEqual({
      error: { code: "validation_failed", message: "Check the fields.", details: { amount: ["Must be positive."] } },
    });
  });

  it("maps a zod error thrown inside a domain verb to 422 with details keyed by path", async () => {
    const schema = z.object({ messages: z.array(z.object({ to: z.string() })), amount: z.number().positive() });
    const route = nativeRoute(
      async () => {
        schema.parse({ messages: [{ to: 5 }], amount: -1 });
      },
      { authenticate: acceptKey },
    );
    const res = await route(request());
    expect(res.status).toBe(422);
    const body = await res.json();
    expect(body.error.code).toBe("validation_failed");
    expect(Object.keys(body.error.details).sort()).toEqual(["amount", "messages.0.to"]);
    expect(body.error.details["messages.0.to"]).toEqual([expect.stringContaining("expected string")]);
  });

  it("maps a database error raised by our ledger function (SL001) to 402 in the key's currency", async () => {
    const dbError = Object.assign(new Error("Raw query failed."), {
      code: "P2010",
      meta: { driverAdapterError: { cause: { originalCode: "SL001", originalMessage: "insufficient funds: account=7 available=2500000" } } },
    });
    const res = await throwing(dbError)(request());
    expect(res.status).toBe(402);
    expect(await res.json()).toEqual({ error: { code: "insufficient_funds", message: "Insufficient funds: €2.50 available." } });
  });

  it("hides an unexpected error behind a 500, and logs it with the path but not the query string", async () => {
    const bug = new Error("connection string postgres://secret@db leaked");
    const res = await throwing(bug)(request(`/api/v1/things?api_key=${KEY}`, { key: null }));
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(JSON.parse(text)).toEqual({ error: { code: "internal_error", message: "Something went wrong." } });
    expect(text).not.toContain("secret");
    expect(text).not.toContain("at ");
    expect(consoleError).toHaveBeenCalledTimes(1);
    expect(consoleError).toHaveBeenCalledWith("API GET /api/v1/things failed", bug);
    expect(JSON.stringify(consoleError.mock.calls)).not.toContain(KEY);
  });

  it("treats a thrown non-Error as a bug too", async () => {
    const res = await throwing("oops")(request());
    expect(res.status).toBe(500);
    expect(consoleError).toHaveBeenCalledTimes(1);
  });

  it("answers 500 when the authenticator itself fails (the database is down), not 401", async () => {
    const route = nativeRoute(async () => ({}), {
      authenticate: async () => {
        throw new Error("ECONNREFUSED");
      },
    });
    const res = await route(request());
    expect(res.status).toBe(500);
    expect(res.headers.get("www-authenticate")).toBeNull();
  });
});

describe("readJsonBody", () => {
  const schema = z.object({ amount: z.string().regex(/^\d+$/).transform(BigInt), memo: z.string().optional() });
  const route = nativeRoute(async ({ req }) => readJsonBody(req, schema), { authenticate: acceptKey });
  const post = (body: BodyInit | null, headers: Record<string, string> = {}) =>
    route(request("/api/v1/things", { method: "POST", body, headers: { "content-type": "application/json", ...headers } }));

  it("returns the validated (and transformed) body", async () => {
    const res = await post(JSON.stringify({ amount: "1500000", memo: "hi" }));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ amount: "1500000", memo: "hi" });
  });

  it.each([
    ["unparsable JSON", '{"amount": "1"', "The request body is not valid JSON."],
    ["an empty body", "", "The request body is empty: send a JSON object."],
    ["a blank body", "  \n", "The request body is empty: send a JSON object."],
    ["invalid UTF-8", new Uint8Array([0x7b, 0xff, 0x7d]), "The request body is not valid UTF-8."],
  ])("answers 400 invalid_json for %s", async (_label, body, message) => {
    const res = await post(body);
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: { code: "invalid_json", message } });
  });

  it("answers 422 with details when the body does not fit the schema", async () => {
    const res = await post(JSON.stringify({ amount: 15 }));
    expect(res.status).toBe(422);
    const body = await res.json();
    expect(body.error).toMatchObject({ code: "validation_failed", message: "Check the request fields." });
    expect(Object.keys(body.error.details)).toEqual(["amount"]);
  });

  it("puts a problem with the whole body under `_`", async () => {
    const res = await post("[1, 2]");
    expect(res.status).toBe(422);
    expect(Object.keys((await res.json()).error.details)).toEqual(["_"]);
  });

  it("refuses a declared Content-Length over 1 MB with 413 before reading", async () => {
    const res = await post("{}", { "content-length": String(MAX_BODY_BYTES + 1) });
    expect(res.status).toBe(413);
    expect((await res.json()).error.code).toBe("payload_too_large");
  });

  it("refuses a streamed body over 1 MB with 413 even without a Content-Length", async () => {
    const chunk = new TextEncoder().encode("x".repeat(64 * 1024));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent > MAX_BODY_BYTES) return controller.close();
        sent += chunk.byteLength;
        controller.enqueue(chunk);
      },
    });
    const res = await post(stream);
    expect(res.status).toBe(413);
  });

  it("accepts a body of exactly 1 MB", async () => {
    const memo = "m".repeat(MAX_BODY_BYTES - JSON.stringify({ amount: "1", memo: "" }).length);
    const body = JSON.stringify({ amount: "1", memo });
    expect(new TextEncoder().encode(body).byteLength).toBe(MAX_BODY_BYTES);
    expect((await post(body)).status).toBe(200);
  });
});

describe("idempotencyKeyFromRequest", () => {
  const withKey = (value?: string) => request("/api/v1/transfers", { headers: value === undefined ? {} : { "Idempotency-Key": value } });

  it.each([
    ["a UUID", "4f1c2a9e-8d3b-4c55-9f0e-2b7c1d6a3e90"],
    ["255 characters", "k".repeat(255)],
    ["printable ASCII with inner spaces", "order 17 / retry #2 ~!"],
  ])("returns %s", (_label, value) => {
    expect(idempotencyKeyFromRequest(withKey(value))).toBe(value);
  });

  it("returns null when the header is absent", () => {
    expect(idempotencyKeyFromRequest(withKey())).toBeNull();
  });

  it.each([
    ["empty", ""],
    ["256 characters", "k".repeat(256)],
    ["non-ASCII", "clé"],
    ["a control character", "a\tb"],
  ])("refuses a key that is %s with 400 invalid_idempotency_key", async (_label, value) => {
    const route = nativeRoute(async ({ req }) => ({ key: idempotencyKeyFromRequest(req) }), { authenticate: acceptKey });
    const res = await route(withKey(value));
    expect(res.status).toBe(400);
    expect((await res.json()).error.code).toBe("invalid_idempotency_key");
  });
});
