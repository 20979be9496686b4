import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from "vitest";
import { z } from "zod";
import { readSmstoBody, smstoRoute } from "@/lib/api/smsto";
import type { ApiContext, Authenticate } from "@/lib/api/api-route";
import {
  AccountStateError,
  ConflictError,
  DomainError,
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

/** What the PHP SDK 1.1.4 sends on every call (reference/smsto-api.md §1). */
const SDK_HEADERS = { "content-type": "application/json", accept: "application/json", "user-agent": "GuzzleHttp/7" };

function request(path: string, init: RequestInit & { key?: string | null } = {}) {
  const { key = KEY, ...rest } = init;
  const headers = new Headers({ ...SDK_HEADERS, ...Object.fromEntries(new Headers(rest.headers)) });
  if (key) headers.set("authorization", `Bearer ${key}`);
  return new Request(`https://subledger.test${path}`, { ...rest, headers });
}

const throwing = (err: unknown) =>
  smstoRoute(
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

describe("smstoRoute", () => {
  it("answers a missing key with 401 and {success: false, message}", async () => {
    const handler = vi.fn();
    const res = await smstoRoute(handler, { authenticate: acceptKey })(request("/api/balance", { key: null }));
    expect(res.status).toBe(401);
    expect(res.headers.get("www-authenticate")).toBe('Bearer realm="Subledger"');
    expect(await res.json()).toEqual({ success: false, message: "Missing API key: send it as Authorization: Bearer <key>." });
    expect(handler).not.toHaveBeenCalled();
  });

  it("answers a refused key with 401 and the authenticator's message", async () => {
    const res = await smstoRoute(vi.fn(), { authenticate: acceptKey })(request("/api/balance", { key: "sk_live_nope" }));
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ success: false, message: "Invalid or revoked API key." });
  });

  it("accepts the key in X-Smsto-Sdk alone, as the SDK's balance check may send it", async () => {
    const route = smstoRoute(async ({ ctx }) => ({ balance: 1.5, currency: ctx.currency }), { authenticate: acceptKey });
    const res = await route(request("/api/balance", { key: null, headers: { "x-smsto-sdk": KEY } }));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ balance: 1.5, currency: "EUR" });
  });

  it("serves a GET that carries Content-Type: application/json and an empty body", async () => {
    const route = smstoRoute<{ id: string }>(async ({ ctx, params }) => ({ success: true, data: { id: Number(params.id), owner: ctx.accountId } }), {
      authenticate: acceptKey,
    });
    const res = await route(request("/v1/team/user/17/disable?amount=5"), { params: Promise.resolve({ id: "17" }) });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ success: true, data: { id: 17, owner: 42 } });
  });

  it("sends bigint as a string", async () => {
    const res = await smstoRoute(async () => ({ success: true, micro: 2_500_000n }), { authenticate: acceptKey })(request("/api/balance"));
    expect(await res.text()).toBe('{"success":true,"micro":"2500000"}');
  });

  it("answers {success: true} when the handler returns nothing, so the reply is still a JSON object", async () => {
    const res = await smstoRoute(async () => undefined, { authenticate: acceptKey })(request("/v1/team/user/17", { method: "DELETE", body: "[]" }));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ success: true });
  });

  it.each([
    ["an array", [1, 2]],
    ["a string", "ok"],
    ["null", null],
  ])("never sends %s as a reply: the PHP SDK would break, so it is a logged 500", async (_label, value) => {
    const res = await smstoRoute(async () => value, { authenticate: acceptKey })(request("/messages"));
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({ success: false, message: "Something went wrong." });
    expect(consoleError).toHaveBeenCalledTimes(1);
  });

  it.each<[string, DomainError, number, string]>([
    ["insufficient funds", new InsufficientFundsError(7, 0n, "Insufficient funds: €0.00 available."), 402, "Insufficient funds: €0.00 available."],
    ["not found", new NotFoundError("Account not found."), 404, "Account not found."],
    ["a conflict", new ConflictError("idempotency_conflict", "Key reused."), 409, "Key reused."],
    ["a suspended account", new AccountStateError("account_suspended", "The account is suspended."), 409, "The account is suspended."],
    ["a limit", new LimitExceededError("monthly_limit", "Monthly limit reached."), 422, "Monthly limit reached."],
    ["a rate limit", new DomainError("rate_limited", "Too many requests.", 429), 429, "Too many requests."],
    ["a validation error without fields", new ValidationError("Only partner accounts can have sub-accounts."), 422, "Only partner accounts can have sub-accounts."],
  ])("maps %s to its status with {success: false, message}", async (_label, err, status, message) => {
    const res = await throwing(err)(request("/sms/send", { method: "POST", body: "{}" }));
    expect(res.status).toBe(status);
    expect(await res.json()).toEqual({ success: false, message });
    expect(consoleError).not.toHaveBeenCalled();
  });

  it("maps field errors to 422 with `errors` and a message that names the first one", async () => {
    const res = await throwing(new ValidationError("Check the fields.", { to: ["Enter a phone number."], message: ["Required.", "Too long."] }))(
      request("/sms/send", { method: "POST", body: "{}" }),
    );
    expect(res.status).toBe(422);
    expect(await res.json()).toEqual({
      success: false,
      message: "to: Enter a phone number. (and 2 more errors)",
      errors: { to: ["Enter a phone number."], message: ["Required.", "Too long."] },
    });
  });

  it("hides an unexpected error behind a 500 JSON object and logs it", async () => {
    const bug = new TypeError("Cannot read properties of undefined (reading 'balance')");
    const res = await throwing(bug)(request(`/api/balance?api_key=${KEY}`, { key: null }));
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(JSON.parse(text)).toEqual({ success: false, message: "Something went wrong." });
    expect(text).not.toContain("balance");
    expect(consoleError).toHaveBeenCalledWith("API GET /api/balance failed", bug);
  });
});

describe("readSmstoBody", () => {
  const schema = z.object({ to: z.string().optional(), message: z.string().optional() });
  const echo = smstoRoute(async ({ req }) => ({ success: true, body: await readSmstoBody(req, schema) }), { authenticate: acceptKey });

  it.each([
    ["an empty body", undefined, "POST"],
    ["the DELETE body `[]`", "[]", "DELETE"],
    ["a blank body", " \r\n", "POST"],
  ])("reads %s as {}", async (_label, body, method) => {
    const res = await echo(request("/v1/team/user/17", { method, body }));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ success: true, body: {} });
  });

  it("reads and validates a JSON object", async () => {
    const res = await echo(request("/sms/send", { method: "POST", body: JSON.stringify({ to: "+35799000000", message: "Hi" }) }));
    expect(await res.json()).toEqual({ success: true, body: { to: "+35799000000", message: "Hi" } });
  });

  it("answers unparsable JSON with 400 and {success: false, message}", async () => {
    const res = await echo(request("/sms/send", { method: "POST", body: '{"to": ' }));
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ success: false, message: "The request body is not valid JSON." });
  });

  it("refuses a non-empty array with 422, since only `[]` stands for no body", async () => {
    const res = await echo(request("/sms/send", { method: "POST", body: '["+35799000000"]' }));
    expect(res.status).toBe(422);
    const body = await res.json();
    expect(body).toMatchObject({ success: false, errors: { _: [expect.any(String)] } });
    expect(body.message).toMatch(/^_: /);
  });

  it("answers a field that does not fit with 422 and `errors` keyed by field", async () => {
    const res = await echo(request("/sms/send", { method: "POST", body: JSON.stringify({ to: 35799000000 }) }));
    expect(res.status).toBe(422);
    const body = await res.json();
    expect(body.success).toBe(false);
    expect(Object.keys(body.errors)).toEqual(["to"]);
    expect(body.message).toMatch(/^to: .*expected string/);
  });

  it("refuses a body over 1 MB with 413", async () => {
    const res = await echo(request("/sms/send", { method: "POST", body: JSON.stringify({ message: "x".repeat(1024 * 1024) }) }));
    expect(res.status).toBe(413);
    expect((await res.json()).success).toBe(false);
  });
});
