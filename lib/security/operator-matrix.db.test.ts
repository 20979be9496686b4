// The operator's side of the IDOR matrix (DESIGN.md §1, §9.8 and §9.10), in both directions:
//   1. every tenant principal (the master's owner, a sub-account's owner, a sub-sub viewer, a leaf key, in two
//      tenants) calls every operator route and console action with its own tenant's id and the other's: each is
//      refused (404 for a tenant user or key, 401 with no credential), leaves everything as it was, and is
//      written to the caller's tenant log as denied;
//   2. the operator (signed in, and with an operator key) calls every tenant route and action with the ids of
//      both tenants' accounts: none passes, and nothing changes;
// and the operator reaches its own surface (every operator route with its key, every action signed in).
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { hashPassword } from "@/lib/auth/password";
import { prisma } from "@/lib/db/client";
import { stopQueue } from "@/lib/jobs/boss";
import { createConnection } from "@/lib/domain/carriers/create-connection";
import { removeConnection } from "@/lib/domain/carriers/remove-connection";
import { removeRoute } from "@/lib/domain/carriers/remove-route";
import { setRoute } from "@/lib/domain/carriers/set-route";
import { createOperatorKey } from "@/lib/domain/platform/create-operator-key";
import type { OperatorContext } from "@/lib/domain/platform/operator-context";
import { TEST_API_BASE } from "@/lib/testing/api-requests";
import { TEST_PASSWORD } from "@/lib/testing/factories";
import { useTestMailbox } from "@/lib/testing/invitations";
import { actionInventory, routeInventory, type ActionEntry, type RouteEntry } from "@/lib/testing/route-inventory";
import { deniedCount, makeSecurityTenant, stateFingerprint, type Principal, type SecurityTenant } from "@/lib/testing/security-fixture";
import { OPERATOR_ACTION_NAMES, OPERATOR_ROUTE_IDS } from "./operator-surface";

const session = vi.hoisted(() => ({ userId: null as number | null }));
vi.mock("@/lib/auth/auth", () => ({
  auth: async () => (session.userId === null ? null : { user: { id: String(session.userId) } }),
  handlers: { GET: async () => new Response(null, { status: 404 }), POST: async () => new Response(null, { status: 404 }) },
  signIn: async () => {
    throw new Error("signIn is not used by the matrix");
  },
  signOut: async () => {
    throw new Error("signOut is not used by the matrix");
  },
}));
vi.mock("next-auth", () => ({ AuthError: class AuthError extends Error {}, CredentialsSignin: class CredentialsSignin extends Error {} }));
vi.mock("next/cache", async (importOriginal) => ({ ...(await importOriginal<typeof import("next/cache")>()), revalidatePath: () => {}, revalidateTag: () => {} }));
vi.mock("next/headers", async (importOriginal) => ({
  ...(await importOriginal<typeof import("next/headers")>()),
  headers: async () => new Headers({ host: "subledger.test", "user-agent": "operator-matrix", "x-forwarded-for": "192.0.2.11" }),
}));

useTestMailbox();
process.env.RATE_LIMIT_PER_KEY = "0";
process.env.RATE_LIMIT_PER_TENANT = "0";
process.env.AUTH_SECRET ??= "operator-matrix-auth-secret";

const routes: RouteEntry[] = await routeInventory();
const actions: ActionEntry[] = await actionInventory();
let worlds: [SecurityTenant, SecurityTenant];
let operator: { userId: number; email: string; key: string; ctx: OperatorContext };
const tally = { refused: 0, reverse: 0, allowed: 0 };

/**
 * The carriers are the platform's, not a tenant's: the calls below aim at connections and routes made for this
 * file (each removal at one of its own), and everything named MATRIX_NAME or routed under MATRIX_PREFIX is
 * removed after it.
 */
const MATRIX_NAME = "Matrix carrier";
const MATRIX_PREFIX = "990";
const carriers = { connection: 0, connectionName: "", removedByRoute: 0, removedByAction: 0, route: 0, routeRemovedByRoute: 0, routeRemovedByAction: 0 };
const matrixPrefix = () => `${MATRIX_PREFIX}${Math.floor(Math.random() * 1e9)}`;
const upstream = { baseUrl: "http://127.0.0.1:9", window: 1, tps: null }; // nothing listens there: a test fails at once, nothing is sent

beforeAll(async () => {
  worlds = [await makeSecurityTenant("OA"), await makeSecurityTenant("OB")];
  const user = await prisma.user.create({
    data: { email: `matrix-operator-${randomUUID()}@platform.test`, name: "Matrix Operator", passwordHash: await hashPassword(TEST_PASSWORD), isOperator: true },
  });
  const ctx: OperatorContext = { actor: { type: "user", userId: user.id }, label: user.name };
  operator = { userId: user.id, email: user.email!, ctx, key: (await createOperatorKey({ ctx, input: { name: "matrix" } })).plaintext };
  const connection = async () => (await createConnection({ ctx, input: { kind: "http", name: `${MATRIX_NAME} ${randomUUID()}`, failoverAfterSeconds: 30, settings: upstream, apiKey: "matrix" } }));
  const main = await connection();
  Object.assign(carriers, { connection: main.id, connectionName: main.name, removedByRoute: (await connection()).id, removedByAction: (await connection()).id });
  const route = async () => (await setRoute({ ctx, input: { destination: matrixPrefix(), connectionIds: [main.id] } })).id;
  Object.assign(carriers, { route: await route(), routeRemovedByRoute: await route(), routeRemovedByAction: await route() });
}, 120_000);

afterAll(async () => {
  const routes = await prisma.carrierRoute.findMany({ where: { destination: { startsWith: MATRIX_PREFIX } }, select: { id: true } });
  for (const r of routes) await removeRoute({ ctx: operator.ctx, input: { routeId: r.id } });
  const connections = await prisma.carrierConnection.findMany({ where: { name: { startsWith: MATRIX_NAME }, removedAt: null }, select: { id: true } });
  for (const c of connections) await removeConnection({ ctx: operator.ctx, input: { connectionId: c.id } });
  console.log(
    `Operator matrix: ${tally.refused} calls of tenant principals on the operators' surface refused and audited, ` +
      `${tally.reverse} calls of the operator on the tenants' surface refused, ${tally.allowed} operator calls allowed.`,
  );
  await stopQueue();
});

const tenantIds = () => worlds.map((w) => w.tenant.tenantId);
/** What operators keep above the tenants: a refused call changes none of it either. */
async function platformFingerprint() {
  const [row] = await prisma.$queryRaw<{ fp: string }[]>`
    SELECT concat_ws('|', (SELECT count(*) FROM tenant), (SELECT count(*) FROM payment), (SELECT count(*) FROM operator_api_key WHERE revoked_at IS NULL),
      (SELECT count(*) FROM single_use_token), (SELECT md5(coalesce(string_agg(concat_ws(',', currency, country, price_per_segment), ';' ORDER BY currency, country), '')) FROM default_price),
      (SELECT count(*) FROM app_user WHERE is_operator),
      (SELECT md5(coalesce(string_agg(concat_ws(',', id, name, paused, settings::text, secret_sealed, removed_at), ';' ORDER BY id), '')) FROM carrier_connection),
      (SELECT md5(coalesce(string_agg(concat_ws(',', r.id, r.destination, rc.position, rc.connection_id), ';' ORDER BY r.id, rc.position), ''))
         FROM carrier_route r LEFT JOIN carrier_route_connection rc ON rc.route_id = r.id)) AS fp`;
  return row.fp;
}
const snapshot = async () => ({ tenants: await stateFingerprint(tenantIds()), platform: await platformFingerprint(), denied: await deniedCount(tenantIds()) });

// ---------------------------------------------------------------------------------------------------------
// Direction 1: the operators' surface, called by tenant principals.

const carrierAt = (id: number, rest = "") => ({ path: `/api/v1/operator/carriers/${id}${rest}`, params: { id: String(id) } });
const routeAt = (id: number) => ({ path: `/api/v1/operator/carrier-routes/${id}`, params: { id: String(id) } });

/** A call of each operator route at `tenantId` (what the route takes; a body that would succeed for an operator). */
const OPERATOR_ROUTE_CALLS: Record<(typeof OPERATOR_ROUTE_IDS)[number], (tenantId: number) => { path: string; body?: unknown; params?: Record<string, string> }> = {
  "GET /api/v1/operator/tenants": () => ({ path: "/api/v1/operator/tenants" }),
  "POST /api/v1/operator/tenants": () => ({ path: "/api/v1/operator/tenants", body: { name: "Matrix", currency: "EUR", owner_email: `m-${randomUUID()}@test.local` } }),
  "GET /api/v1/operator/tenants/[id]": (id) => ({ path: `/api/v1/operator/tenants/${id}`, params: { id: String(id) } }),
  "POST /api/v1/operator/tenants/[id]/suspend": (id) => ({ path: `/api/v1/operator/tenants/${id}/suspend`, params: { id: String(id) } }),
  "POST /api/v1/operator/tenants/[id]/activate": (id) => ({ path: `/api/v1/operator/tenants/${id}/activate`, params: { id: String(id) } }),
  "GET /api/v1/operator/payments": (id) => ({ path: `/api/v1/operator/payments?tenant_id=${id}` }),
  "POST /api/v1/operator/payments": (id) => ({ path: "/api/v1/operator/payments", body: { tenant_id: id, amount: "1", reference: "matrix" } }),
  // the carriers name no tenant: every principal aims at the platform's own (the fixtures above)
  "GET /api/v1/operator/carriers": () => ({ path: "/api/v1/operator/carriers" }),
  "POST /api/v1/operator/carriers": () => ({
    path: "/api/v1/operator/carriers",
    body: { kind: "http", name: `${MATRIX_NAME} ${randomUUID()}`, settings: { base_url: upstream.baseUrl }, api_key: "matrix" },
  }),
  "GET /api/v1/operator/carriers/[id]": () => carrierAt(carriers.connection),
  "PATCH /api/v1/operator/carriers/[id]": () => ({ ...carrierAt(carriers.connection), body: { settings: { tps: 5 } } }),
  "POST /api/v1/operator/carriers/[id]/pause": () => carrierAt(carriers.connection, "/pause"),
  "POST /api/v1/operator/carriers/[id]/resume": () => carrierAt(carriers.connection, "/resume"),
  "POST /api/v1/operator/carriers/[id]/test": () => carrierAt(carriers.connection, "/test"),
  "DELETE /api/v1/operator/carriers/[id]": () => carrierAt(carriers.removedByRoute),
  "GET /api/v1/operator/carrier-routes": () => ({ path: "/api/v1/operator/carrier-routes" }),
  "POST /api/v1/operator/carrier-routes": () => ({ path: "/api/v1/operator/carrier-routes", body: { destination: matrixPrefix(), connection_ids: [carriers.connection] } }),
  "PUT /api/v1/operator/carrier-routes/[id]": () => ({ ...routeAt(carriers.route), body: { destination: matrixPrefix(), connection_ids: [carriers.connection] } }),
  "DELETE /api/v1/operator/carrier-routes/[id]": () => routeAt(carriers.routeRemovedByRoute),
};

/** An input of each console action at `tenantId`, valid for an operator; [currency, input] where the action takes two. */
const OPERATOR_ACTION_ARGS: Record<(typeof OPERATOR_ACTION_NAMES)[number], (tenantId: number) => unknown[]> = {
  provisionTenantAction: () => [{ name: "Matrix", currency: "EUR", maxDepth: 5, ownerEmail: `m-${randomUUID()}@test.local` }],
  recordPaymentAction: (id) => [{ tenantId: id, amount: "1", reference: "matrix", memo: "", idempotencyKey: `matrix-${randomUUID()}` }],
  suspendTenantAction: (id) => [{ tenantId: id }],
  activateTenantAction: (id) => [{ tenantId: id }],
  closeTenantAction: (id) => [{ tenantId: id }],
  resendOwnerInvitationAction: (id) => [{ tenantId: id }],
  setTenantPriceAction: (id) => [{ accountId: id, country: "CY", pricePerSegment: "0.051" }],
  removeTenantPriceAction: (id) => [{ accountId: id, country: "DE" }],
  // XTS, ISO 4217's code for testing: no tenant of the other test files uses it, so their new tenants' lists stay the built-in one
  setDefaultPriceAction: () => ["XTS", { accountId: 0, country: "CY", pricePerSegment: "0.051" }],
  removeDefaultPriceAction: () => ["XTS", { accountId: 0, country: "CY" }],
  startDefaultPricesAction: () => [{ currency: "XTS" }],
  inviteOperatorAction: () => [{ email: `m-${randomUUID()}@test.local` }],
  createOperatorKeyAction: () => [{ name: "matrix" }],
  revokeOperatorKeyAction: () => [{ keyId: 1 }],
  createConnectionAction: () => [{ kind: "http", name: `${MATRIX_NAME} ${randomUUID()}`, failoverAfterSeconds: 30, settings: upstream, apiKey: "matrix" }],
  updateConnectionAction: () => [{ kind: "http", connectionId: carriers.connection, name: carriers.connectionName, failoverAfterSeconds: 60, settings: upstream, apiKey: "" }],
  setConnectionPausedAction: () => [{ connectionId: carriers.connection, paused: true }],
  testConnectionAction: () => [{ connectionId: carriers.connection }],
  removeConnectionAction: () => [{ connectionId: carriers.removedByAction }],
  setRouteAction: () => [{ routeId: carriers.route, destination: matrixPrefix(), connectionIds: [carriers.connection] }],
  removeRouteAction: () => [{ routeId: carriers.routeRemovedByAction }],
};

async function callRoute(entry: RouteEntry, call: { path: string; body?: unknown; params?: Record<string, string | string[]> }, key: string | null) {
  const headers: Record<string, string> = { accept: "application/json", "user-agent": "operator-matrix", "x-forwarded-for": "192.0.2.11", "idempotency-key": `m-${randomUUID()}` };
  if (key) headers.authorization = `Bearer ${key}`;
  if (call.body !== undefined) headers["content-type"] = "application/json";
  const res = await entry.handler(new Request(`${TEST_API_BASE}${call.path}`, { method: entry.method, headers, body: call.body === undefined ? undefined : JSON.stringify(call.body) }), {
    params: Promise.resolve(call.params ?? {}),
  });
  return { status: res.status, text: await res.text() };
}

const principalsOf = (w: SecurityTenant) => w.principals.map((p) => ({ p, home: w, away: w === worlds[0] ? worlds[1] : worlds[0] }));
const who = (p: Principal) => `${p.tenantLabel}'s ${p.label}`;

describe("inventory", () => {
  it("the operator surface is exactly the routes under /api/v1/operator and the actions of app/operator", () => {
    const onDisk = routes.filter((r) => r.pattern.startsWith("/api/v1/operator")).map((r) => r.id).sort();
    expect(onDisk).toEqual([...OPERATOR_ROUTE_IDS].sort());
    const consoleActions = actions.filter((a) => a.file.startsWith("app/operator/(console)/")).map((a) => a.name).sort();
    expect(consoleActions).toEqual([...OPERATOR_ACTION_NAMES].sort());
  });
});

describe("tenant principals on the operators' surface", () => {
  for (const id of OPERATOR_ROUTE_IDS) {
    it(id, async () => {
      const entry = routes.find((r) => r.id === id)!;
      for (const { p, home, away } of principalsOf(worlds[0]).concat(principalsOf(worlds[1]))) {
        for (const target of [home, away]) {
          const before = await snapshot();
          const { status, text } = await callRoute(entry, OPERATOR_ROUTE_CALLS[id](target.tenant.tenantId), p.key?.plaintext ?? null);
          const after = await snapshot();
          // a key: 404, as if the route did not exist, and one denied row in its tenant; no key (the viewer): 401
          expect.soft(status, `${who(p)} → ${id} at ${target.label}: ${text.slice(0, 200)}`).toBe(p.key ? 404 : 401);
          expect.soft(after.tenants, `${who(p)} → ${id} changed a tenant`).toBe(before.tenants);
          expect.soft(after.platform, `${who(p)} → ${id} changed the platform`).toBe(before.platform);
          expect.soft(after.denied, `${who(p)} → ${id}: denied rows`).toBe(before.denied + (p.key ? 1 : 0));
          tally.refused++;
        }
      }
    });
  }

  for (const name of OPERATOR_ACTION_NAMES) {
    it(name, async () => {
      const entry = actions.find((a) => a.name === name)!;
      for (const { p, home, away } of principalsOf(worlds[0]).concat(principalsOf(worlds[1]))) {
        for (const target of [home, away]) {
          session.userId = p.user?.id ?? null;
          const before = await snapshot();
          const result = (await entry.action(...OPERATOR_ACTION_ARGS[name](target.tenant.tenantId))) as { ok: boolean; code?: string; error?: string };
          const after = await snapshot();
          expect.soft(result.ok, `${who(p)} → ${name}: ${JSON.stringify(result)}`).toBe(false);
          expect.soft(result.code, `${who(p)} → ${name}`).toBe(p.user ? "not_found" : "unauthenticated");
          expect.soft(after.tenants, `${who(p)} → ${name} changed a tenant`).toBe(before.tenants);
          expect.soft(after.platform, `${who(p)} → ${name} changed the platform`).toBe(before.platform);
          expect.soft(after.denied, `${who(p)} → ${name}: denied rows`).toBe(before.denied + (p.user ? 1 : 0));
          tally.refused++;
        }
      }
    });
  }
});

// ---------------------------------------------------------------------------------------------------------
// Direction 2: the tenants' surface, called by the operator.

const PUBLIC_ROUTES = new Set(["GET /api/v1/openapi.json", "POST /oauth/token", "GET /api/auth/[...nextauth]", "POST /api/auth/[...nextauth]"]);
/** The one tenant route an operator key is for: recording a payment into a master (checked below, on its own). */
const TOPUP = "POST /api/v1/accounts/[id]/topup";

/** Fills a route pattern with `id` wherever it takes one. */
function fill(entry: RouteEntry, id: number) {
  const params: Record<string, string | string[]> = {};
  const path = entry.pattern.replace(/\[\.\.\.(\w+)\]|\[(\w+)\]/g, (_m, rest: string | undefined, one: string | undefined) => {
    if (rest) {
      params[rest] = ["user", String(id), "credit"];
      return `user/${id}/credit`;
    }
    params[one!] = String(id);
    return String(id);
  });
  return { path: `${path}?account_id=${id}&amount=1`, params };
}

describe("the operator on the tenants' surface", () => {
  it("every tenant route refuses the operator's key and the operator's session, at every account of both tenants", async () => {
    const targets = worlds.flatMap((w) => [w.ids.M, w.ids.S, w.ids.L, w.fundingAccountId]);
    for (const entry of routes.filter((r) => !PUBLIC_ROUTES.has(r.id) && r.id !== TOPUP && !(OPERATOR_ROUTE_IDS as readonly string[]).includes(r.id))) {
      for (const id of targets) {
        const call = fill(entry, id);
        const isPassword = entry.pattern.startsWith("/api/v3.2/");
        // SMS Central's one URL answers every call with 200: a refusal is its `<code> <text>` or <error> body
        const isSmscentralApi = entry.pattern === "/api/v3.2" || entry.pattern === "/wrapper/sms";
        const smscentral = { USERNAME: operator.email, PASSWORD: TEST_PASSWORD, ACTION: entry.method === "GET" ? "balance" : "send", RECIPIENT: "35799123456", MESSAGE_TEXT: "x" };
        if (isSmscentralApi && entry.method === "GET") call.path = `${call.path}&${new URLSearchParams(smscentral)}`;
        const body = entry.method === "GET" || entry.method === "HEAD" ? undefined
          : isSmscentralApi ? smscentral
          : isPassword ? {
              USERNAME: operator.email,
              PASSWORD: TEST_PASSWORD,
              // account/create reads ACCOUNT, user/create USER
              ACCOUNT: { ACCOUNTNAME: "x", PAYMENTMODEL: "prepaid", PARENTACCOUNT: id },
              USER: { USERNAME: `matrix.${randomUUID().slice(0, 8)}`, PASSWORD: "Matrix password 1", FIRSTNAME: "x", ACCOUNTS: [{ ID: id, USERLEVEL: 3 }] },
            }
          : { amount: "1", reference: "matrix", name: "Matrix", to: "+35799123456", message: "x", threshold: "1" };
        const before = await snapshot();
        // the key, and the session (the dashboard's exports take one; a session never opens the API)
        session.userId = operator.userId;
        const withKey = await callRoute(entry, { ...call, body }, operator.key);
        const withSession = await callRoute(entry, { ...call, body }, null);
        session.userId = null;
        const after = await snapshot();
        for (const [how, res] of [["key", withKey], ["session", withSession]] as const) {
          const refused = isSmscentralApi ? res.status === 200 && /^(\d{3} \S|<error>)/.test(res.text) : res.status >= 400 && res.status < 500;
          expect.soft(refused, `operator (${how}) → ${entry.id} at ${id}: ${res.status} ${res.text.slice(0, 200)}`).toBe(true);
          // a 2xx body of SMS.to's surface would say success: true; nothing here may
          expect.soft(res.text, `operator (${how}) → ${entry.id} at ${id}`).not.toMatch(/"success":\s*true/);
        }
        expect.soft(after.tenants, `operator → ${entry.id} at ${id} changed a tenant`).toBe(before.tenants);
        tally.reverse += 2;
      }
    }
  }, 240_000);

  it("every tenant action refuses the operator's session (404: no tenant account is the operator's), at every account of both tenants", async () => {
    const targets = worlds.flatMap((w) => [w.ids.M, w.ids.S, w.ids.L]);
    const tenantActions = actions.filter((a) => !(OPERATOR_ACTION_NAMES as readonly string[]).includes(a.name) && a.file.startsWith("app/(dashboard)/accounts/"));
    expect(tenantActions.length).toBeGreaterThan(10);
    for (const entry of tenantActions) {
      for (const id of targets) {
        const w = worlds.find((x) => Object.values(x.ids).includes(id))!;
        const input = {
          accountId: id, memberId: id, apiKeyId: w.keys.S.id, invitationId: w.invitations.M, name: "Matrix", email: null, amount: "1", memo: "",
          idempotencyKey: `matrix-${randomUUID()}`, country: "CY", pricePerSegment: "0.05", threshold: "1", mode: "fixed", graceSeconds: 0,
          paymentModel: "prepaid", invoicingAccountId: null, monthlyVolumeLimit: null, isPartner: false, role: "viewer", accountName: null, notifyMembers: false,
          userId: w.probes.S, required: true, batchId: w.scheduled.S, url: "https://receipts.example.test/dlr", userName: null,
        };
        session.userId = operator.userId;
        const before = await snapshot();
        const result = (await entry.action(["inviteMemberAction", "inviteColleagueAction"].includes(entry.name) ? { ...input, email: `m-${randomUUID()}@test.local` } : input)) as { ok: boolean; code?: string; fieldErrors?: object };
        const after = await snapshot();
        session.userId = null;
        expect.soft(result.ok, `operator → ${entry.name} at ${id}: ${JSON.stringify(result)}`).toBe(false);
        expect.soft(result.code ?? "field errors", `operator → ${entry.name} at ${id}: ${JSON.stringify(result)}`).toBe("not_found");
        expect.soft(after.tenants, `operator → ${entry.name} at ${id} changed a tenant`).toBe(before.tenants);
        tally.reverse++;
      }
    }
  }, 120_000);
});

// ---------------------------------------------------------------------------------------------------------
// And the operator reaches its own surface.

describe("the operator on its own surface", () => {
  it("every operator route answers the operator's key, and only the key (a session never opens the API)", async () => {
    const target = worlds[1].tenant.tenantId;
    for (const id of OPERATOR_ROUTE_IDS) {
      const entry = routes.find((r) => r.id === id)!;
      const call = OPERATOR_ROUTE_CALLS[id](target);
      const res = await callRoute(entry, call, operator.key);
      expect.soft(res.status, `${id}: ${res.text.slice(0, 300)}`).toBeLessThan(300);
      session.userId = operator.userId;
      const bySession = await callRoute(entry, OPERATOR_ROUTE_CALLS[id](target), null);
      session.userId = null;
      expect.soft(bySession.status, `${id} with a session only`).toBe(401);
      tally.allowed++;
    }
    // the topup takes a master's id: a payment into that tenant; any other account is not a tenant
    const topup = routes.find((r) => r.id === TOPUP)!;
    const [w] = worlds;
    const paid = await callRoute(topup, { path: `/api/v1/accounts/${w.ids.M}/topup`, params: { id: String(w.ids.M) }, body: { amount: "1", reference: "matrix" } }, operator.key);
    expect(paid.status, paid.text).toBe(201);
    for (const id of [w.ids.S, w.fundingAccountId]) {
      const before = await snapshot();
      const refused = await callRoute(topup, { path: `/api/v1/accounts/${id}/topup`, params: { id: String(id) }, body: { amount: "1", reference: "matrix" } }, operator.key);
      expect(refused.status, refused.text).toBe(404);
      expect((await snapshot()).tenants).toBe(before.tenants);
    }
    session.userId = operator.userId;
    expect((await callRoute(topup, { path: `/api/v1/accounts/${w.ids.M}/topup`, params: { id: String(w.ids.M) }, body: { amount: "1", reference: "matrix" } }, null)).status).toBe(401);
    session.userId = null;
    // a suspend at the end of the list above was undone by the activate after it
    expect((await prisma.account.findUniqueOrThrow({ where: { tenantId_id: { tenantId: target, id: target } } })).status).toBe("active");
  });

  it("every console action runs for the operator's session", async () => {
    const fresh = await makeSecurityTenant("OC");
    session.userId = operator.userId;
    try {
      for (const name of OPERATOR_ACTION_NAMES) {
        if (name === "closeTenantAction" || name === "suspendTenantAction" || name === "activateTenantAction") continue;
        const entry = actions.find((a) => a.name === name)!;
        let args = OPERATOR_ACTION_ARGS[name](fresh.tenant.tenantId);
        if (name === "revokeOperatorKeyAction") args = [{ keyId: (await createOperatorKey({ ctx: operator.ctx, input: { name: "to revoke" } })).id }];
        if (name === "resendOwnerInvitationAction") {
          const created = (await actions.find((a) => a.name === "provisionTenantAction")!.action(OPERATOR_ACTION_ARGS.provisionTenantAction(0)[0])) as { ok: true; data: { tenantId: number } };
          args = [{ tenantId: created.data.tenantId }];
        }
        if (name === "removeDefaultPriceAction") await actions.find((a) => a.name === "setDefaultPriceAction")!.action(...OPERATOR_ACTION_ARGS.setDefaultPriceAction(0));
        const result = (await entry.action(...args)) as { ok: boolean; error?: string };
        expect.soft(result, name).toMatchObject({ ok: true });
        tally.allowed++;
      }
      for (const name of ["suspendTenantAction", "activateTenantAction"] as const) {
        const result = (await actions.find((a) => a.name === name)!.action({ tenantId: fresh.tenant.tenantId })) as { ok: boolean };
        expect.soft(result, name).toMatchObject({ ok: true });
      }
      const empty = (await actions.find((a) => a.name === "provisionTenantAction")!.action(OPERATOR_ACTION_ARGS.provisionTenantAction(0)[0])) as { ok: true; data: { tenantId: number } };
      expect(await actions.find((a) => a.name === "closeTenantAction")!.action({ tenantId: empty.data.tenantId })).toMatchObject({ ok: true });
    } finally {
      session.userId = null;
    }
  }, 60_000);
});
