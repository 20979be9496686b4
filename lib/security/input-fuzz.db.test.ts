// Input fuzz (issue 10, item 5): seeded fast-check inputs against every route handler and every server action,
// as the master's owner (or its key), who may reach every account, so that only the input decides. Inputs are
// the documented example broken in one place (huge, negative, fractional, NaN, Infinity, unicode, control
// characters, wrong JSON types, a 1 MB string, a missing field, extra fields such as `__proto__` or `tenantId`),
// bodies that are not JSON, deeply nested, bigger than 1 MB or not an object, wrong content types, malformed
// Idempotency-Keys, path ids that are not ids (or are aliases of a real one: `016`, `0x10`, `16.0`) and junk
// query strings. An input the route's own schema accepts is not sent to a route that writes (it would be a
// real call); everything else must be refused with a 4xx that says nothing of the internals, and nothing may be
// written. Reads may answer 2xx. Each route runs RUNS seeded inputs (fewer where each call checks a password).
import { randomUUID } from "node:crypto";
import fc from "fast-check";
import { z } from "zod";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { stopQueue } from "@/lib/jobs/boss";
import { API_OPERATIONS } from "@/lib/api/openapi/operations";
import { subAccountInputFromSmscentral } from "@/lib/api/smscentral";
import { userInputFromSmscentral } from "@/lib/api/smscentral-user";
import { smstoSendBodySchema } from "@/lib/api/smsto-messages";
import { smstoTokenBodySchema } from "@/lib/api/smsto-oauth";
import { smstoCreateMemberBodySchema, smstoEmptyBodySchema, smstoInviteBodySchema } from "@/lib/api/smsto-team";
import { MAX_BODY_BYTES } from "@/lib/api/request-body";
import { apiKeyActionSchema, createApiKeySchema, rotateApiKeySchema } from "@/lib/domain/api-keys/schemas";
import { connectionIdSchema, createConnectionSchema, pauseConnectionSchema, routeIdSchema, setRouteSchema, updateConnectionSchema } from "@/lib/domain/carriers/schemas";
import { cancelScheduledSchema } from "@/lib/domain/messaging/schemas";
import { balanceActionSchema, positiveAmountSchema } from "@/lib/domain/ledger/schemas";
import { acceptInvitationFormSchema, invitationActionSchema } from "@/lib/domain/members/invitation-schemas";
import { createMemberSchema, editMemberSchema, inviteMemberSchema, memberIdSchema } from "@/lib/domain/members/schemas";
import {
  removeAccountPriceSchema,
  removeDefaultPriceSchema,
  removePriceSchema,
  setAccountPriceSchema,
  setDefaultPriceSchema,
  setPriceSchema,
  startDefaultPricesSchema,
} from "@/lib/domain/pricing/schemas";
import {
  createOperatorKeySchema,
  inviteOperatorSchema,
  provisionTenantSchema,
  recordPaymentSchema,
  revokeOperatorKeySchema,
  setupFormSchema,
  tenantIdSchema,
  acceptOperatorInvitationSchema,
  signUpFormSchema,
} from "@/lib/domain/platform/schemas";
import { accountIdSchema, autoRechargeRuleSchema, balanceAlertSchema } from "@/lib/domain/recharge/schemas";
import { deliveryReceiptAccountSchema, setDeliveryReceiptUrlSchema } from "@/lib/domain/messaging/delivery-receipt-schemas";
import {
  changePasswordFormSchema,
  changeUserRoleSchema,
  disableTwoFactorSchema,
  forgotPasswordSchema,
  inviteColleagueSchema,
  profileNameSchema,
  removeUserSchema,
  resetPasswordFormSchema,
  setTwoFactorRequirementSchema,
  twoFactorCodeSchema,
} from "@/lib/domain/users/people-schemas";
import { TEST_API_BASE } from "@/lib/testing/api-requests";
import { TEST_PASSWORD } from "@/lib/testing/factories";
import { useTestMailbox } from "@/lib/testing/invitations";
import { actionInventory, routeInventory, type ActionEntry, type RouteEntry } from "@/lib/testing/route-inventory";
import { makeSecurityTenant, stateFingerprint, type SecurityTenant } from "@/lib/testing/security-fixture";

const session = vi.hoisted(() => ({ userId: null as number | null }));
vi.mock("@/lib/auth/auth", () => ({
  auth: async () => (session.userId === null ? null : { user: { id: String(session.userId) } }),
  handlers: { GET: async () => new Response(null, { status: 404 }), POST: async () => new Response(null, { status: 404 }) },
  signIn: async () => {
    throw new Error("signIn is not fuzzed");
  },
  signOut: async () => {
    throw new Error("signOut is not fuzzed");
  },
}));
vi.mock("next-auth", () => ({ AuthError: class AuthError extends Error {}, CredentialsSignin: class CredentialsSignin extends Error {} }));
vi.mock("next/cache", async (importOriginal) => ({ ...(await importOriginal<typeof import("next/cache")>()), revalidatePath: () => {}, revalidateTag: () => {} }));
vi.mock("next/headers", async (importOriginal) => ({
  ...(await importOriginal<typeof import("next/headers")>()),
  headers: async () => new Headers({ host: "subledger.test", "user-agent": "input-fuzz" }),
}));

useTestMailbox();
process.env.RATE_LIMIT_PER_KEY = "0";
process.env.RATE_LIMIT_PER_TENANT = "0";
process.env.AUTH_SECRET ??= "input-fuzz-auth-secret";

const RUNS = 30;
/** Routes whose every call verifies a password (argon2, ~0.1 s): fewer runs. */
const PASSWORD_RUNS = 8;
const SEED = 20261127;

// ---------------------------------------------------------------------------------------------------------
// Values

const HUGE_STRING = "9".repeat(1_000_000);
/** Valid JSON, just over the 1 MB limit: must be refused before it is parsed (413). */
const OVERSIZED_BODY = JSON.stringify({ name: "x".repeat(MAX_BODY_BYTES) });
const DEEP_ARRAY = `${"[".repeat(5000)}${"]".repeat(5000)}`;
const DEEP_OBJECT = `${'{"a":'.repeat(5000)}1${"}".repeat(5000)}`;

const badScalar = fc.oneof(
  fc.constantFrom(Number.NaN, Infinity, -Infinity, -1, 0, -0, 1e308, 2 ** 64, Number.MAX_SAFE_INTEGER + 2, 0.1, 1.5, -0.01, 1e-7, 2_147_483_648),
  fc.double(),
  fc.integer({ min: -(2 ** 31), max: -1 }),
  fc.constantFrom(
    "", " ", "\u0000", "\u202e\u202d", "💸".repeat(300), "' OR 1=1 --", "<script>alert(1)</script>", "1e309", "-0.01", "0x10", "1,50", "NaN", "Infinity",
    "9".repeat(400), "１２３", "٣", "0.0000001", "1.2.3", "+5", "\ud800", "null", "undefined", "{}", "[]", "%00", "../../etc/passwd", HUGE_STRING,
  ),
  fc.string({ unit: "grapheme", maxLength: 40 }),
  fc.string({ unit: "binary", maxLength: 20 }),
  fc.boolean(),
  fc.constant(null),
);
const badValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: badScalar },
  { weight: 1, arbitrary: fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 3 }) },
  { weight: 1, arbitrary: fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 }) },
);
/** What a server action may also receive: React's reply encoding carries these too. */
const badActionValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: badValue },
  { weight: 1, arbitrary: fc.bigInt() },
  { weight: 1, arbitrary: fc.date({ noInvalidDate: false }) },
  { weight: 1, arbitrary: fc.constant(undefined) },
);
const EXTRA_KEYS = ["constructor", "prototype", "tenantId", "tenant_id", "accountId", "role", "isAdmin", "balance", "kind", "status", "path"];
const extraFields = (value: fc.Arbitrary<unknown>) =>
  fc.dictionary(fc.oneof(fc.constantFrom(...EXTRA_KEYS), fc.string({ maxLength: 12 })), value, { minKeys: 1, maxKeys: 4 });

/** The example broken in one place (a field replaced or dropped), perhaps with extra fields; or not an object at all. */
function brokenInput(example: Record<string, unknown>, keys: string[], value: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  const fields = keys.length ? keys : ["_"];
  return fc.oneof(
    { weight: 5, arbitrary: fc.record({ key: fc.constantFrom(...fields), value, extra: fc.option(extraFields(value), { nil: undefined }) }).map(({ key, value: v, extra }) => ({ ...example, ...extra, [key]: v })) },
    { weight: 2, arbitrary: fc.record({ key: fc.constantFrom(...fields), extra: fc.option(extraFields(value), { nil: undefined }) }).map(({ key, extra }) => {
      const { [key]: _dropped, ...rest } = { ...example, ...extra };
      return rest;
    }) },
    { weight: 1, arbitrary: fc.oneof(fc.array(value, { maxLength: 2 }), badScalar) },
  );
}

/** A request body as text: JSON of a broken input, or something that is not (the right) JSON at all. */
function bodyText(example: Record<string, unknown>, keys: string[]): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 8, arbitrary: brokenInput(example, keys, badValue).map((v) => JSON.stringify(v) ?? "") },
    {
      weight: 2,
      arbitrary: fc.constantFrom(
        "", "{", '{"amount": NaN}', '{"amount": 1e999}', "{'single': 'quotes'}", "[]", "null", "true", "12", '"text"', "\u0000", "\ufeff{}",
        '{"__proto__": {"isAdmin": true, "role": "owner"}}', '{"constructor": {"prototype": {"polluted": 1}}}',
        OVERSIZED_BODY, DEEP_ARRAY, DEEP_OBJECT,
      ),
    },
    { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 60 }) },
  );
}

const CONTENT_TYPES = ["application/json", "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=zz", "application/xml", "application/json; charset=utf-16", ""];
const contentType = fc.constantFrom(...CONTENT_TYPES);
const idempotencyKey = fc.oneof(
  { weight: 4, arbitrary: fc.uuid().map((u) => `fuzz-${u}`) },
  // what an HTTP client can put in a header (Latin-1, no CR/LF/NUL) but the API refuses
  { weight: 1, arbitrary: fc.constantFrom("", " ", "é", "ÿÿ", "k".repeat(256), "tab\there", "\x7f") },
);
/**
 * Path ids that name nothing: not digits, past PostgreSQL's integer (a 10-digit id can be), zero, an id no row
 * has, or an alias of a real id written differently (`16.0`, `0x10`, ` 16`). A string of digits that could be
 * another row's id is never generated: for a writing route that would be a real call. `0016` is one for SMS.to's
 * paths (the SDK concatenates integers; the path parser reads digits), so only the native routes get it.
 */
const badPathId = (real: string, isNative: boolean) =>
  fc.oneof(
    fc.constantFrom("-1", "0", "abc", "1.5", "1e3", "99999999999", "2147483648", "4294967296", "9".repeat(40), " ", "%2e%2e", "..", "null", "NaN", "١٢", "2000000000"),
    fc.constantFrom(`${real}.0`, `+${real}`, ` ${real}`, `${real} `, `0x${Number(real).toString(16)}`, `${real}abc`, `${real}/`, `${real};1`, `${real}e0`, ...(isNative ? [`0${real}`] : [])),
    fc.string({ unit: "grapheme", minLength: 1, maxLength: 12 }).filter((s) => !/^\d+$/.test(s)),
  );
const queryPairs = (keys: string[]) =>
  fc.array(fc.tuple(fc.oneof(fc.constantFrom(...(keys.length ? keys : ["page"])), fc.string({ maxLength: 10 })), badScalar.map((v) => (typeof v === "string" ? v : String(v)))), { maxLength: 5 });

// ---------------------------------------------------------------------------------------------------------
// What each route takes

type World = SecurityTenant;
type RouteFuzz = {
  credential: "key" | "session" | "password" | "none" | "token";
  /** a path param set the master may use */
  params?: (w: World) => Record<string, string>;
  /** the JSON body the route reads: its schema decides what is valid; absent = the route reads no body */
  body?: { schema: z.ZodType; example: (w: World) => Record<string, unknown>; smsto?: boolean };
  /** query parameters: their names (junk values are fuzzed); a money query is validity-checked */
  queryKeys?: string[];
  queryIsValid?: (query: URLSearchParams) => boolean;
  idempotency?: "required" | "optional";
  /** a valid call changes something: only invalid inputs are sent */
  writes: boolean;
  /** a native route: path ids are `[1-9][0-9]*` */
  native?: boolean;
  runs?: number;
};

const accountParam = (w: World) => ({ id: String(w.ids.S) });
const jsonKeysOf = (schema: z.ZodType) => Object.keys((z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as { properties?: object }).properties ?? {});

/** The native routes, from the OpenAPI registry: params, query and body as the document states them. */
function nativeFuzz(entry: RouteEntry): RouteFuzz | undefined {
  const op = API_OPERATIONS.find((o) => o.method === entry.method.toLowerCase() && o.path.replace(/\{(\w+)\}/g, "[$1]") === entry.pattern);
  if (!op) return undefined;
  const params = (w: World): Record<string, string> => {
    if (!op.params) return {};
    if (entry.pattern.startsWith("/api/v1/invitations")) return { id: String(w.invitations.M) };
    if (entry.pattern.startsWith("/api/v1/messages")) return { id: String(w.messages.M) };
    if (entry.pattern.endsWith("/topup")) return { id: String(w.ids.M) };
    if (entry.pattern.endsWith("/users/[userId]")) return { ...accountParam(w), userId: String(w.probes.S) };
    return accountParam(w);
  };
  const example = (op.example?.body ?? {}) as Record<string, unknown>;
  return {
    credential: op.auth === "none" ? "none" : "key",
    params,
    body: op.body ? { schema: op.body, example: () => example } : undefined,
    queryKeys: op.query ? jsonKeysOf(op.query) : [],
    idempotency: op.idempotency,
    native: true,
    writes: entry.method !== "GET" && !entry.pattern.endsWith("/estimate"),
  };
}

const CY = "+35799123456";
const smstoAmount = (q: URLSearchParams) => q.getAll("amount").length === 1 && q.get("amount")!.trim() !== "" && positiveAmountSchema.safeParse(q.get("amount")!.trim()).success;
const teamUser = (w: World) => ({ id: String(w.ids.S) });

const OTHER_ROUTES: Record<string, RouteFuzz> = {
  "GET /api/balance": { credential: "key", queryKeys: [], writes: false },
  "GET /v1/team/users": { credential: "key", queryKeys: ["page", "per_page", "limit", "search", "status"], writes: false },
  "GET /v1/team/invitations": { credential: "key", queryKeys: ["page", "per_page", "limit", "status"], writes: false },
  "POST /v1/team/user/create": { credential: "key", body: { schema: smstoCreateMemberBodySchema, example: () => ({ auto_generate_credentials: true, terms_conditions: true, name: "Fuzz" }), smsto: true }, writes: true },
  "POST /v1/team/user/invite": { credential: "key", body: { schema: smstoInviteBodySchema, example: () => ({ email: `fuzz-${randomUUID()}@test.local` }), smsto: true }, writes: true },
  "GET /v1/team/user/[id]/credit": { credential: "key", params: teamUser, queryKeys: ["amount"], queryIsValid: smstoAmount, idempotency: "optional", writes: true },
  "GET /v1/team/user/[id]/debit": { credential: "key", params: teamUser, queryKeys: ["amount"], queryIsValid: smstoAmount, idempotency: "optional", writes: true },
  "GET /v1/team/user/[id]/disable": { credential: "key", params: teamUser, writes: true },
  "GET /v1/team/user/[id]/enable": { credential: "key", params: teamUser, writes: true },
  "DELETE /v1/team/user/[id]/delete": { credential: "key", params: teamUser, body: { schema: smstoEmptyBodySchema, example: () => ({}), smsto: true }, writes: true },
  "DELETE /v1/team/invitation/[id]/delete": {
    credential: "key", params: (w) => ({ id: String(w.invitations.M) }), body: { schema: smstoEmptyBodySchema, example: () => ({}), smsto: true }, writes: true,
  },
  "POST /sms/send": { credential: "key", body: { schema: smstoSendBodySchema, example: () => ({ to: CY, message: "fuzz" }), smsto: true }, idempotency: "optional", writes: true },
  "POST /sms/estimate": { credential: "key", body: { schema: smstoSendBodySchema, example: () => ({ to: CY, message: "fuzz" }), smsto: true }, writes: false },
  "GET /messages": { credential: "key", queryKeys: ["limit", "page", "order_direction", "status", "to", "created_at_from", "created_at_to"], writes: false },
  "GET /v2/messages": { credential: "key", queryKeys: ["limit", "page", "order_direction", "status", "to", "created_at_from", "created_at_to"], writes: false },
  "GET /message/[id]": { credential: "key", params: (w) => ({ id: String(w.messages.M) }), writes: false },
  "POST /oauth/token": { credential: "none", body: { schema: smstoTokenBodySchema, example: () => ({ client_id: "sk_live_x", secret: "y", expires_in: 0 }), smsto: true }, writes: false },
  "POST /refresh": { credential: "token", queryKeys: [], writes: false },
  "GET /accounts/[accountId]/ledger/export": { credential: "session", params: (w) => ({ accountId: String(w.ids.S) }), queryKeys: ["kind", "member", "scope", "from", "to", "min", "max", "sort"], writes: false },
  "GET /accounts/[accountId]/messages/export": { credential: "session", params: (w) => ({ accountId: String(w.ids.S) }), queryKeys: ["status", "from", "to", "member", "q", "sort"], writes: false },
  "GET /accounts/[accountId]/statistics/export": { credential: "session", params: (w) => ({ accountId: String(w.ids.S) }), queryKeys: ["from", "to", "range", "member"], writes: false },
  "GET /accounts/[accountId]/audit/export": { credential: "session", params: (w) => ({ accountId: String(w.ids.S) }), queryKeys: ["action", "from", "to", "actor", "page"], writes: false },
  // an HTTP upstream's status callback: no token this file knows, so every call is refused and any body may be sent
  "POST /api/carrier-callbacks/[connectionId]/[token]": {
    credential: "none",
    params: () => ({ connectionId: "1", token: "not-a-token" }),
    body: { schema: z.never(), example: () => ({ messageId: "9000001", status: "DELIVERED" }) },
    writes: true,
  },
  ...Object.fromEntries(
    (["GET", "POST", "PUT", "PATCH", "DELETE"] as const).map((m) => [`${m} /v1/team/[...path]`, { credential: "key", params: (w: World) => ({ path: `user/${w.ids.S}/transfer` }), writes: false } satisfies RouteFuzz]),
  ),
};
const NOT_FUZZED: Record<string, string> = {
  "GET /api/auth/[...nextauth]": "next-auth's own endpoints (the library parses them; mocked here)",
  "POST /api/auth/[...nextauth]": "next-auth's own endpoints (the library parses them; mocked here)",
};

// ---------------------------------------------------------------------------------------------------------
// The harness

// collected before the tests so that each route and action is a test of its own (the mocks above apply: vi.mock is hoisted)
const routes: RouteEntry[] = await routeInventory();
const actions: ActionEntry[] = await actionInventory();
let world: World;
const tally = { inputs: 0, routes: 0, actions: 0, statuses: new Map<string, number>() };
const count = (label: string) => tally.statuses.set(label, (tally.statuses.get(label) ?? 0) + 1);

beforeAll(async () => {
  world = await makeSecurityTenant("F");
}, 120_000);

afterAll(async () => {
  const statuses = [...tally.statuses].sort().map(([s, n]) => `${s}: ${n}`).join(", ");
  console.log(`input fuzz: ${tally.inputs} inputs (seed ${SEED}) against ${tally.routes} route handlers and ${tally.actions} server actions; replies ${statuses}; no 5xx, no internals in a reply, nothing written.`);
  await stopQueue();
});

/** Words that only an internal error, a stack trace or the database would put in a reply. */
const LEAK = /\bat [\w$.<>[\] ]+ \(|node:internal|node_modules|\/work\/|file:\/\/|prisma|SQLSTATE|syntax error at|duplicate key|violates|TypeError|ReferenceError|RangeError|SyntaxError|Cannot read propert|is not a function|is not defined|Unexpected token|in JSON at position|ZodError|"stack"|Something went wrong/i;

/** The route pattern with its params filled in: `/api/v1/accounts/[id]/credit` → `/api/v1/accounts/16/credit`. */
function fillPattern(pattern: string, params: Record<string, string>) {
  return pattern.replace(/\[(?:\.\.\.)?(\w+)\]/g, (_m, name: string) => encodeURIComponent(params[name] ?? "").replace(/%2F/g, "/"));
}

type RouteInput = { pathValid: boolean; badId: string; body?: string; contentType: string; query: [string, string][]; idem: string };

/** Whether the route would take this input as a real call: then a writing route must not be sent it. */
function isAccepted(fuzz: RouteFuzz, input: RouteInput): boolean {
  if (!input.pathValid) return false;
  if (fuzz.idempotency === "required" && !/^[\x20-\x7e]{1,255}$/.test(input.idem)) return false;
  if (fuzz.idempotency === "optional" && !/^[\x20-\x7e]{1,255}$/.test(input.idem)) return false;
  if (fuzz.queryIsValid && !fuzz.queryIsValid(new URLSearchParams(input.query))) return false;
  if (!fuzz.body) return true;
  const text = input.body ?? "";
  if (Buffer.byteLength(text) > MAX_BODY_BYTES) return false;
  let value: unknown;
  if (!text.trim()) {
    if (!fuzz.body.smsto) return false;
    value = {};
  } else {
    try {
      value = JSON.parse(text);
    } catch {
      return false;
    }
  }
  if (fuzz.body.smsto && Array.isArray(value) && value.length === 0) value = {};
  return fuzz.body.schema.safeParse(value).success;
}

function routeInputs(fuzz: RouteFuzz, w: World): fc.Arbitrary<RouteInput> {
  const realParams = fuzz.params?.(w) ?? {};
  const realId = Object.values(realParams)[0] ?? "1";
  // a writing route that reads nothing but its path id can only be fuzzed through the id
  const onlyBadPath = fuzz.writes && !fuzz.body && !fuzz.queryIsValid;
  const example = fuzz.body?.example(w) ?? {};
  return fc.record({
    pathValid: fuzz.params && Object.keys(realParams).length ? (onlyBadPath ? fc.constant(false) : fc.boolean()) : fc.constant(true),
    badId: badPathId(realId, fuzz.native === true),
    body: fuzz.body ? bodyText(example, [...new Set([...Object.keys(example), ...jsonKeysOf(fuzz.body.schema)])]) : fc.constant(undefined),
    contentType,
    query: queryPairs(fuzz.queryKeys ?? []),
    idem: idempotencyKey,
  });
}

async function bearerFor(fuzz: RouteFuzz) {
  if (fuzz.credential === "key") return world.keys.M.plaintext;
  if (fuzz.credential !== "token") return undefined;
  const key = world.keys.M.plaintext;
  const token = routes.find((r) => r.id === "POST /oauth/token")!;
  const res = await token.handler(new Request(`${TEST_API_BASE}/oauth/token`, {
    method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ client_id: key.slice(0, key.lastIndexOf("_")), secret: key.slice(key.lastIndexOf("_") + 1) }),
  }));
  return ((await res.json()) as { jwt: string }).jwt;
}

async function fuzzRoute(entry: RouteEntry, fuzz: RouteFuzz) {
  const tenants = [world.tenant.tenantId];
  const bearer = await bearerFor(fuzz);
  const realParams = fuzz.params?.(world) ?? {};
  const property = fc.asyncProperty(routeInputs(fuzz, world), async (input) => {
    const accepted = isAccepted(fuzz, input);
    fc.pre(!(fuzz.writes && accepted));
    const params = input.pathValid ? realParams : Object.fromEntries(Object.keys(realParams).map((k) => [k, input.badId]));
    const query = new URLSearchParams(input.query).toString();
    const path = `${fillPattern(entry.pattern, params)}${query ? `?${query}` : ""}`;
    const headers: Record<string, string> = { accept: "application/json", "user-agent": "input-fuzz" };
    if (input.contentType) headers["content-type"] = input.contentType;
    if (fuzz.idempotency) headers["idempotency-key"] = input.idem;
    if (bearer) headers.authorization = `Bearer ${bearer}`;
    session.userId = fuzz.credential === "session" ? world.tenant.ownerUserId : null;
    let url: string;
    try {
      url = new URL(`${TEST_API_BASE}${path}`).toString();
    } catch {
      return; // not a URL a client could send
    }
    const method = entry.method;
    const sendsBody = input.body !== undefined && method !== "GET" && method !== "HEAD";
    const before = await stateFingerprint(tenants);
    // what Next does with a handler that throws: a 500
    const res = await entry
      .handler(new Request(url, { method, headers, body: sendsBody ? input.body : undefined }), {
        params: Promise.resolve(entry.pattern.includes("[...") ? Object.fromEntries(Object.entries(params).map(([k, v]) => [k, v.split("/")])) : params),
      })
      .catch((err: unknown) => new Response(`thrown: ${String(err).slice(0, 300)}`, { status: 500 }));
    const text = await res.text();
    tally.inputs++;
    count(String(res.status));
    const what = `${entry.id} with ${JSON.stringify({ ...input, body: input.body && input.body.length > 300 ? `${input.body.slice(0, 300)}… (${input.body.length} chars)` : input.body })}`;
    expect(res.status, `${what}: ${text.slice(0, 300)}`).toBeLessThan(500);
    if (fuzz.writes) expect(res.status, `${what} was accepted: ${text.slice(0, 300)}`).toBeGreaterThanOrEqual(400);
    if (res.status >= 400) expect(text, `${what}: the reply tells internals`).not.toMatch(LEAK);
    expect(await stateFingerprint(tenants), `${what} wrote something (${res.status} ${text.slice(0, 200)})`).toBe(before);
  });
  await fc.assert(property, { seed: SEED, numRuns: fuzz.runs ?? (fuzz.credential === "password" ? PASSWORD_RUNS : RUNS), maxSkipsPerRun: 200 });
}

/** SMS Central's two create calls: the JSON parameter each takes, an example of it, its fields and its reader. */
const SMSCENTRAL_CREATE: Record<string, { param: "ACCOUNT" | "USER"; example: (w: World) => Record<string, unknown>; keys: string[]; read: (raw: unknown) => unknown }> = {
  "/api/v3.2/account/create": {
    param: "ACCOUNT",
    example: (w) => ({ ACCOUNTNAME: "Fuzz", PAYMENTMODEL: "prepaid", PARENTACCOUNT: w.ids.S }),
    keys: ["ACCOUNTNAME", "PAYMENTMODEL", "PARENTACCOUNT", "MONTHLYVOLUMELIMIT", "INVOICINGACCOUNT"],
    read: subAccountInputFromSmscentral,
  },
  "/api/v3.2/user/create": {
    param: "USER",
    example: (w) => ({ USERNAME: "fuzz.user", PASSWORD: "Fuzz password 1", FIRSTNAME: "Fuzz", MOBILENUMBER: "+61412345678", ACCOUNTS: [{ ID: w.ids.S, USERLEVEL: 2 }] }),
    keys: ["USERNAME", "PASSWORD", "FIRSTNAME", "LASTNAME", "EMAILADDRESS", "MOBILENUMBER", "ACCOUNTS"],
    read: userInputFromSmscentral,
  },
};

/** SMS Central's account and user create: USERNAME, PASSWORD and ACCOUNT or USER (a JSON string) as a form body, JSON or a query string. */
async function fuzzSmscentral(entry: RouteEntry) {
  const tenants = [world.tenant.tenantId];
  const spec = SMSCENTRAL_CREATE[entry.pattern];
  const example = spec.example(world);
  const keys = spec.keys;
  const account = fc.oneof(
    { weight: 4, arbitrary: brokenInput(example, keys, badValue).map((v) => JSON.stringify(v) ?? "") },
    { weight: 1, arbitrary: fc.constantFrom("", "{", "[]", "null", "'x'", DEEP_OBJECT, HUGE_STRING) },
  );
  const input = fc.record({
    account,
    username: fc.oneof({ weight: 4, arbitrary: fc.constant(world.tenant.ownerEmail) }, { weight: 1, arbitrary: badScalar.map(String) }),
    password: fc.oneof({ weight: 4, arbitrary: fc.constant(TEST_PASSWORD) }, { weight: 1, arbitrary: badScalar.map(String) }),
    contentType,
  });
  const property = fc.asyncProperty(input, async ({ account: acc, username, password, contentType: type }) => {
    let isValid = true;
    try {
      spec.read(acc);
    } catch {
      isValid = false;
    }
    fc.pre(!isValid || username !== world.tenant.ownerEmail || password !== TEST_PASSWORD);
    const params = { USERNAME: username, PASSWORD: password, [spec.param]: acc };
    const form = new URLSearchParams(params);
    const isGet = entry.method === "GET";
    const url = `${TEST_API_BASE}${entry.pattern}${isGet ? `?${form}` : ""}`;
    const headers: Record<string, string> = type ? { "content-type": type } : {};
    const body = isGet ? undefined : type.includes("json") ? JSON.stringify(params) : form.toString();
    const before = await stateFingerprint(tenants);
    const res = await entry.handler(new Request(url, { method: entry.method, headers, body })).catch((err: unknown) => new Response(`thrown: ${String(err).slice(0, 300)}`, { status: 500 }));
    const text = await res.text();
    tally.inputs++;
    count(String(res.status));
    const what = `${entry.id} with ${spec.param} ${acc.slice(0, 200)}`;
    expect(res.status, `${what}: ${text.slice(0, 300)}`).toBeGreaterThanOrEqual(400);
    expect(res.status, `${what}: ${text.slice(0, 300)}`).toBeLessThan(500);
    expect(text, `${what}: the reply tells internals`).not.toMatch(LEAK);
    expect(await stateFingerprint(tenants), `${what} wrote something`).toBe(before);
  });
  await fc.assert(property, { seed: SEED, numRuns: PASSWORD_RUNS, maxSkipsPerRun: 200 });
}

/**
 * SMS Central's one URL: ACTION, the message fields and RECIPIENTMESSAGES broken every way, as a form, multipart,
 * JSON or query string. Every reply is 200 with a body its clients parse (`0`, `<code> <text>`, `<balance>`,
 * `<messages>` or `<error>`), tells nothing of the internals, and only a `0` may have written anything.
 */
async function fuzzSmscentralApi(entry: RouteEntry) {
  const tenants = [world.tenant.tenantId];
  const field = fc.oneof({ weight: 2, arbitrary: badScalar.map(String) }, { weight: 1, arbitrary: fc.constantFrom("35799123456", "hello", "shared", "NUMBER_1") });
  const batch = fc.oneof(
    fc.array(fc.record({ RECIPIENT: field, MESSAGE_TEXT: field, REFERENCE: field }, { requiredKeys: [] }), { maxLength: 3 }).map((v) => JSON.stringify(v)),
    fc.constantFrom("", "[", "{}", "null", DEEP_ARRAY, DEEP_OBJECT, HUGE_STRING, JSON.stringify(Array.from({ length: 101 }, () => ({ RECIPIENT: "35799123456", MESSAGE_TEXT: "x" })))),
  );
  const input = fc.record({
    fields: fc.record(
      {
        ACTION: fc.oneof({ weight: 3, arbitrary: fc.constantFrom("send", "balance", "SEND", "status", "dlr") }, { weight: 1, arbitrary: badScalar.map(String) }),
        RECIPIENT: field,
        MESSAGE_TEXT: field,
        ORIGINATOR: field,
        CAMPAIGN: field,
        REFERENCE: field,
        SCHEDULE: field,
        RECIPIENTMESSAGES: batch,
      },
      { requiredKeys: ["ACTION"] },
    ),
    username: fc.oneof({ weight: 4, arbitrary: fc.constant(world.tenant.ownerEmail) }, { weight: 1, arbitrary: badScalar.map(String) }),
    password: fc.oneof({ weight: 4, arbitrary: fc.constant(TEST_PASSWORD) }, { weight: 1, arbitrary: badScalar.map(String) }),
    contentType,
  });
  const property = fc.asyncProperty(input, async ({ fields, username, password, contentType: type }) => {
    const all: Record<string, string> = { USERNAME: username, PASSWORD: password, ...fields };
    const form = new URLSearchParams(all);
    const isGet = entry.method === "GET";
    const url = `${TEST_API_BASE}${entry.pattern}${isGet ? `?${form}` : ""}`;
    const headers: Record<string, string> = type ? { "content-type": type } : {};
    const body = isGet ? undefined : type.includes("json") ? JSON.stringify(all) : form.toString();
    const before = await stateFingerprint(tenants);
    const res = await entry.handler(new Request(url, { method: entry.method, headers, body })).catch((err: unknown) => new Response(`thrown: ${String(err).slice(0, 300)}`, { status: 500 }));
    const text = await res.text();
    tally.inputs++;
    count(String(res.status));
    const what = `${entry.id} with ${JSON.stringify(all).slice(0, 300)}`;
    expect(res.status, `${what}: ${text.slice(0, 300)}`).toBe(200);
    expect(text, `${what}: a body SMS Central's clients cannot parse`).toMatch(
      /^(0|\d{3} [^\n]+|<balance>-?\d+\.\d{2}<\/balance>|<error><errorcode>\d{3}<\/errorcode><errormessage>[^<]*<\/errormessage><\/error>|<messages>(<message>(<(id|reference|recipient|originator|campaign|status|result|datestamp)>[^<]*<\/\4>)+<\/message>)*<\/messages>)$/,
    );
    expect(text, `${what}: the reply tells internals`).not.toMatch(LEAK);
    if (text !== "0") expect(await stateFingerprint(tenants), `${what} wrote something (${text.slice(0, 200)})`).toBe(before);
  });
  await fc.assert(property, { seed: SEED, numRuns: PASSWORD_RUNS * 2, maxSkipsPerRun: 200 });
}

const SMSCENTRAL_API_PATHS = ["/api/v3.2", "/wrapper/sms"];
const isSmscentral = (id: string) => id.includes("/api/v3.2/") || SMSCENTRAL_API_PATHS.some((path) => id.endsWith(` ${path}`));

describe("route handlers", () => {
  it("every route on disk is fuzzed (or says why not)", () => {
    const missing = routes.map((r) => r.id).filter((id) => !(id in NOT_FUZZED) && !(id in OTHER_ROUTES) && !isSmscentral(id) && !nativeFuzz(routes.find((r) => r.id === id)!));
    expect(missing).toEqual([]);
  });

  // one test per route, so that each reports its own counterexample
  for (const entry of routes.filter((r) => !(r.id in NOT_FUZZED))) {
    it(entry.id, async () => {
      tally.routes++;
      if (entry.pattern in SMSCENTRAL_CREATE) await fuzzSmscentral(entry);
      else if (SMSCENTRAL_API_PATHS.includes(entry.pattern)) await fuzzSmscentralApi(entry);
      else await fuzzRoute(entry, OTHER_ROUTES[entry.id] ?? nativeFuzz(entry)!);
    }, 60_000);
  }
});

// ---------------------------------------------------------------------------------------------------------
// Server actions: every input schema, with the master's owner signed in

/** `args` spreads the input over an action's parameters when it takes more than one (a default price list's currency first). */
type ActionFuzz = { schema: z.ZodType; example: (w: World) => Record<string, unknown>; args?: (input: Record<string, unknown>) => unknown[] };
const tenantInput = z.object({ tenantId: tenantIdSchema });
const inCurrency = (input: Record<string, unknown>) => [input?.currency, input];
const ACTION_SCHEMAS: Record<string, ActionFuzz> = {
  creditMemberAction: { schema: balanceActionSchema, example: (w) => ({ accountId: w.ids.S, amount: "1", idempotencyKey: "fuzz-key-0001" }) },
  debitMemberAction: { schema: balanceActionSchema, example: (w) => ({ accountId: w.ids.S, amount: "1", idempotencyKey: "fuzz-key-0001" }) },
  createApiKeyAction: { schema: createApiKeySchema, example: (w) => ({ accountId: w.ids.S, name: "fuzz" }) },
  rotateApiKeyAction: { schema: rotateApiKeySchema, example: (w) => ({ accountId: w.ids.S, apiKeyId: w.keys.S.id, graceSeconds: 0 }) },
  revokeApiKeyAction: { schema: apiKeyActionSchema, example: (w) => ({ accountId: w.ids.S, apiKeyId: w.keys.S.id }) },
  cancelScheduledSendAction: { schema: cancelScheduledSchema, example: (w) => ({ accountId: w.ids.S, batchId: w.scheduled.S }) },
  // the operators' console (the master's owner is signed in: a valid input is refused with 404, a broken one with field errors)
  provisionTenantAction: { schema: provisionTenantSchema, example: () => ({ name: "Fuzz", currency: "EUR", maxDepth: 5, ownerEmail: "fuzz-owner@test.local" }) },
  recordPaymentAction: { schema: recordPaymentSchema, example: (w) => ({ tenantId: w.tenant.tenantId, amount: "1", reference: "R", memo: "", idempotencyKey: "fuzz-key-0001" }) },
  suspendTenantAction: { schema: tenantInput, example: (w) => ({ tenantId: w.tenant.tenantId }) },
  activateTenantAction: { schema: tenantInput, example: (w) => ({ tenantId: w.tenant.tenantId }) },
  closeTenantAction: { schema: tenantInput, example: (w) => ({ tenantId: w.tenant.tenantId }) },
  resendOwnerInvitationAction: { schema: tenantInput, example: (w) => ({ tenantId: w.tenant.tenantId }) },
  setTenantPriceAction: { schema: setPriceSchema, example: (w) => ({ accountId: w.ids.M, country: "CY", pricePerSegment: "0.05" }) },
  removeTenantPriceAction: { schema: removePriceSchema, example: (w) => ({ accountId: w.ids.M, country: "CY" }) },
  setDefaultPriceAction: { schema: setDefaultPriceSchema, example: () => ({ currency: "EUR", country: "CY", pricePerSegment: "0.05" }), args: inCurrency },
  removeDefaultPriceAction: { schema: removeDefaultPriceSchema, example: () => ({ currency: "EUR", country: "CY" }), args: inCurrency },
  startDefaultPricesAction: { schema: startDefaultPricesSchema, example: () => ({ currency: "EUR" }) },
  inviteOperatorAction: { schema: inviteOperatorSchema, example: () => ({ email: "fuzz-op@test.local" }) },
  createOperatorKeyAction: { schema: createOperatorKeySchema, example: () => ({ name: "fuzz" }) },
  revokeOperatorKeyAction: { schema: revokeOperatorKeySchema, example: () => ({ keyId: 1 }) },
  createConnectionAction: {
    schema: createConnectionSchema,
    example: () => ({ kind: "smpp", name: "Fuzz", failoverAfterSeconds: 30, settings: { host: "smsc.test", port: 2775, systemId: "fuzz" }, password: "pw" }),
  },
  updateConnectionAction: {
    schema: updateConnectionSchema,
    example: () => ({ kind: "http", connectionId: 1, name: "Fuzz", failoverAfterSeconds: 30, settings: { baseUrl: "https://api.upstream.test", window: 1, tps: null }, apiKey: "" }),
  },
  setConnectionPausedAction: { schema: pauseConnectionSchema, example: () => ({ connectionId: 1, paused: true }) },
  testConnectionAction: { schema: connectionIdSchema, example: () => ({ connectionId: 1 }) },
  removeConnectionAction: { schema: connectionIdSchema, example: () => ({ connectionId: 1 }) },
  setRouteAction: { schema: setRouteSchema, example: () => ({ destination: "4477", connectionIds: [1] }) },
  removeRouteAction: { schema: routeIdSchema, example: () => ({ routeId: 1 }) },
  setUpPlatformAction: {
    schema: setupFormSchema,
    example: () => ({ token: "not-a-token", platformName: "P", name: "N", email: "fuzz-setup@test.local", password: "a long password", confirmPassword: "a long password" }),
  },
  requestSignUpAction: {
    schema: signUpFormSchema,
    example: () => ({ name: "Fuzz", company: "Fuzz Ltd", email: "fuzz-signup@test.local", password: "a long password", confirmPassword: "a long password" }),
  },
  verifySignUpAction: { schema: z.object({ token: z.string().min(1).max(100) }), example: () => ({ token: "not-a-token" }) },
  acceptOperatorInvitationAction: {
    schema: acceptOperatorInvitationSchema.extend({ confirmPassword: z.string() }),
    example: () => ({ token: "not-a-token", name: "Fuzz", password: "a long password", confirmPassword: "a long password" }),
  },
  setAccountPriceAction: { schema: setAccountPriceSchema, example: (w) => ({ accountId: w.ids.S, country: "CY", pricePerSegment: "0.05" }) },
  removeAccountPriceAction: { schema: removeAccountPriceSchema, example: (w) => ({ accountId: w.ids.S, country: "CY" }) },
  setAutoRechargeAction: { schema: autoRechargeRuleSchema, example: (w) => ({ accountId: w.ids.S, threshold: "1", mode: "fixed", amount: "5" }) },
  removeAutoRechargeAction: { schema: accountIdSchema, example: (w) => ({ accountId: w.ids.S }) },
  setBalanceAlertAction: { schema: balanceAlertSchema, example: (w) => ({ accountId: w.ids.S, threshold: "1" }) },
  removeBalanceAlertAction: { schema: accountIdSchema, example: (w) => ({ accountId: w.ids.S }) },
  setDeliveryReceiptUrlAction: { schema: setDeliveryReceiptUrlSchema, example: (w) => ({ accountId: w.ids.S, url: "https://receipts.example/fuzz", userName: "u", password: "p" }) },
  removeDeliveryReceiptUrlAction: { schema: deliveryReceiptAccountSchema, example: (w) => ({ accountId: w.ids.S }) },
  createMemberAction: {
    schema: createMemberSchema,
    example: (w) => ({ accountId: w.ids.S, name: "Fuzz", email: null, paymentModel: "prepaid", invoicingAccountId: null, monthlyVolumeLimit: null, isPartner: false }),
  },
  editMemberAction: {
    schema: editMemberSchema,
    example: (w) => ({ accountId: w.ids.S, name: "F.S", email: null, paymentModel: "prepaid", invoicingAccountId: null, monthlyVolumeLimit: null, isPartner: true }),
  },
  suspendMemberAction: { schema: memberIdSchema, example: (w) => ({ accountId: w.ids.S }) },
  activateMemberAction: { schema: memberIdSchema, example: (w) => ({ accountId: w.ids.S }) },
  deleteMemberAction: { schema: memberIdSchema, example: (w) => ({ accountId: w.ids.L2 }) },
  inviteMemberAction: {
    schema: inviteMemberSchema,
    example: (w) => ({ accountId: w.ids.S, email: "fuzz@test.local", role: "viewer", accountName: null, paymentModel: "prepaid", invoicingAccountId: null, monthlyVolumeLimit: null, isPartner: false }),
  },
  resendInvitationAction: { schema: invitationActionSchema, example: (w) => ({ accountId: w.ids.M, invitationId: w.invitations.M! }) },
  revokeInvitationAction: { schema: invitationActionSchema, example: (w) => ({ accountId: w.ids.M, invitationId: w.invitations.M! }) },
  inviteColleagueAction: { schema: inviteColleagueSchema, example: (w) => ({ accountId: w.ids.S, email: "fuzz-colleague@test.local", role: "viewer" }) },
  changeUserRoleAction: { schema: changeUserRoleSchema, example: (w) => ({ accountId: w.ids.S, userId: w.probes.S, role: "admin" }) },
  removeUserAction: { schema: removeUserSchema, example: (w) => ({ accountId: w.ids.S, userId: w.probes.S }) },
  setTwoFactorRequirementAction: { schema: setTwoFactorRequirementSchema, example: (w) => ({ accountId: w.ids.S, required: true }) },
  joinAccountAction: { schema: z.object({ token: z.string().min(1).max(200) }), example: () => ({ token: "not-a-token" }) },
  requestPasswordResetAction: { schema: forgotPasswordSchema, example: () => ({ email: "nobody@test.local" }) },
  resetPasswordAction: { schema: resetPasswordFormSchema, example: () => ({ token: "not-a-token", password: "a long password", confirmPassword: "a long password" }) },
  updateProfileAction: { schema: profileNameSchema, example: () => ({ name: "Fuzz" }) },
  changePasswordAction: { schema: changePasswordFormSchema, example: () => ({ currentPassword: TEST_PASSWORD, newPassword: "a long password", confirmPassword: "a long password" }) },
  confirmTwoFactorAction: { schema: twoFactorCodeSchema, example: () => ({ code: "123456" }) },
  disableTwoFactorAction: { schema: disableTwoFactorSchema, example: () => ({ password: TEST_PASSWORD, code: "123456" }) },
  acceptInvitationAction: { schema: acceptInvitationFormSchema, example: () => ({ token: "not-a-token", name: "Fuzz", password: "a long password", confirmPassword: "a long password" }) },
};
const ACTIONS_NOT_FUZZED: Record<string, string> = {
  signInAction: "takes FormData for next-auth's signIn (e-mail and password only; the sign-in tests cover it)",
  signOutAction: "takes no input",
  endOtherSessionsAction: "takes no input",
  startTwoFactorAction: "takes no input",
};

describe("server actions", () => {
  it("every action is fuzzed (or says why not)", () => {
    expect(actions.map((a) => a.name).filter((n) => !(n in ACTION_SCHEMAS) && !(n in ACTIONS_NOT_FUZZED))).toEqual([]);
  });

  for (const entry of actions.filter((a) => a.name in ACTION_SCHEMAS)) {
    it(`${entry.name}: a broken input gets the form's field errors or a stated refusal, never a crash, and writes nothing`, async () => {
      const tenants = [world.tenant.tenantId];
      const fuzz = ACTION_SCHEMAS[entry.name];
      tally.actions++;
      const example = fuzz.example(world);
      const keys = [...new Set([...Object.keys(example), ...jsonKeysOf(fuzz.schema)])];
      const property = fc.asyncProperty(brokenInput(example, keys, badActionValue), async (input) => {
        fc.pre(!fuzz.schema.safeParse(input).success);
        session.userId = world.tenant.ownerUserId;
        const before = await stateFingerprint(tenants);
        const result = (await entry.action(...(fuzz.args?.(input as Record<string, unknown>) ?? [input]))) as { ok: boolean; error?: string; code?: string; fieldErrors?: object };
        tally.inputs++;
        count(`action ${result.ok ? "ok" : result.fieldErrors ? "field errors" : (result.code ?? "no code")}`);
        const what = `${entry.name}(${JSON.stringify(input, (_k, v: unknown) => (typeof v === "bigint" ? `${v}n` : typeof v === "string" && v.length > 200 ? `${v.slice(0, 200)}…` : v))})`;
        expect(result.ok, `${what} was accepted`).toBe(false);
        expect(result.error, `${what}: a generic error means it crashed`).not.toMatch(LEAK);
        expect(result.fieldErrors ?? result.code, `${what}: neither field errors nor a domain error`).toBeDefined();
        expect(await stateFingerprint(tenants), `${what} wrote something`).toBe(before);
      });
      await fc.assert(property, { seed: SEED, numRuns: RUNS, maxSkipsPerRun: 200 });
    }, 60_000);
  }
});
