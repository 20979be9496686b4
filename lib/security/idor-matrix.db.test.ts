// The IDOR matrix (issue 10, item 4): in two tenants with the same tree, four principals (the master's owner,
// a sub-account's owner, a sub-sub-account's viewer, a leaf's API key) call every route handler and every
// server action with the ids of their own account, a child, a sibling, their parent, the other tenant's
// account in the same place, a closed account and the tenant's funding account. Only the calls the rules
// allow succeed; every other one is refused (403/404 for a target out of reach, SMS.to's `success: false`
// with it) and leaves both tenants exactly as they were. Route handlers and actions are found on the file
// system (lib/testing/route-inventory.ts): a new one fails this file until it has a row here.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { stopQueue } from "@/lib/jobs/boss";
import { activateMember } from "@/lib/domain/members/activate-member";
import { removeAutoRecharge } from "@/lib/domain/recharge/remove-auto-recharge";
import { setAutoRecharge } from "@/lib/domain/recharge/set-auto-recharge";
import { changeUserRole } from "@/lib/domain/users/change-user-role";
import { setTwoFactorRequirement } from "@/lib/domain/users/set-two-factor-requirement";
import { prisma } from "@/lib/db/client";
import { keyOf, TEST_API_BASE } from "@/lib/testing/api-requests";
import { credit, makeChild } from "@/lib/testing/factories";
import { invite, useTestMailbox } from "@/lib/testing/invitations";
import { actionInventory, routeInventory, type ActionEntry, type RouteEntry } from "@/lib/testing/route-inventory";
import {
  deniedCount,
  makeSecurityTenant,
  makeUser,
  stateFingerprint,
  targetsOf,
  type Principal,
  type SecurityTenant,
  type Target,
  type TargetKind,
} from "@/lib/testing/security-fixture";
import { TEST_PASSWORD } from "@/lib/testing/factories";
import { OPERATOR_ACTION_NAMES, OPERATOR_ROUTE_IDS } from "./operator-surface";

// The session a server action or a dashboard route sees: next-auth's JWT carries only the user id.
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
// the sign-in action's error classes (the real package needs Next's runtime to load)
vi.mock("next-auth", () => ({ AuthError: class AuthError extends Error {}, CredentialsSignin: class CredentialsSignin extends Error {} }));
// Outside a Next request there is no cache to revalidate and no incoming headers: the actions get a fixed request.
vi.mock("next/cache", async (importOriginal) => ({ ...(await importOriginal<typeof import("next/cache")>()), revalidatePath: () => {}, revalidateTag: () => {} }));
vi.mock("next/headers", async (importOriginal) => ({
  ...(await importOriginal<typeof import("next/headers")>()),
  headers: async () => new Headers({ host: "subledger.test", "user-agent": "idor-matrix", "x-forwarded-for": "192.0.2.10" }),
}));

useTestMailbox();
// thousands of requests in a few seconds: the rate limiter is not what this file tests
process.env.RATE_LIMIT_PER_KEY = "0";
process.env.RATE_LIMIT_PER_TENANT = "0";
// SMS.to's OAuth tokens are signed with a key derived from it
process.env.AUTH_SECRET ??= "idor-matrix-auth-secret";

type Outcome = "ok" | "denied" | "refused" | "unauth";
/** One call of the matrix: who, at what, with the id of the resource the route or action takes. */
type Cell = { p: Principal; t: Target; home: SecurityTenant; away: SecurityTenant; id: number | bigint | string };

type RouteCall = { path: string; body?: unknown; headers?: Record<string, string>; params?: Record<string, string | string[]> };
type Credential = "key" | "session" | "password" | "none";
/** What a route takes as its target id. `self` routes act on the caller's own account and take no id. */
type Aim = "account" | "invitation" | "message" | "scheduled" | "self";

type RouteSpec = {
  credential: Credential;
  aim: Aim;
  call: (c: Cell) => RouteCall;
  expect: (c: Cell) => Outcome;
  /**
   * Runs before a call that is expected to succeed: returns a fresh target of the same kind when the call would
   * use it up (a deleted account, a revoked key), or sets up what the call reads.
   */
  prepare?: (c: Cell) => Promise<number | undefined>;
  /** puts back what an allowed call changed that later cells rely on */
  undo?: (c: Cell) => Promise<void>;
  /** a refusal this route does not write to the audit log, and why */
  unaudited?: string;
  /** only these targets (a second method of the same handler) */
  targetKinds?: TargetKind[];
};
type ActionSpec = {
  action: string;
  aim: Exclude<Aim, "message"> | "apiKey";
  input: (c: Cell) => unknown;
  expect: (c: Cell) => Outcome;
  prepare?: (c: Cell) => Promise<number | undefined>;
  undo?: (c: Cell) => Promise<void>;
};

// ---------------------------------------------------------------------------------------------------------
// The rules, as DESIGN.md §2/§4 and the API reference state them.

const canWrite = (c: Cell, required: "admin" | "owner") => c.p.role === "owner" || (required === "admin" && c.p.role === "admin");
/** Reads: the caller's own account and everything below it. */
const read = (c: Cell): Outcome => (c.t.inSubtree ? "ok" : "denied");
/** Changes to a member: strictly below the caller (a key does not edit the account it acts for); closed ones refuse. */
const member = (c: Cell): Outcome => (!c.t.below ? "denied" : c.t.isClosed ? "refused" : "ok");
/** Creating under an account: in the subtree, a partner, open. */
const createUnder = (c: Cell): Outcome => (!c.t.inSubtree ? "denied" : c.t.isPartner && !c.t.isClosed ? "ok" : "refused");
/** An invitation sent from the target account: manageable in the subtree while pending. */
const invitation = (c: Cell): Outcome => (!c.t.inSubtree ? "denied" : c.t.kind === "closed" ? "refused" : "ok");
/**
 * An auto-recharge rule is changed from above (it spends the parent's money): on accounts strictly below the
 * caller; the caller's own account is refused (403, or 422 for the master, which has no parent). Removing a
 * closed account's rule is allowed; setting one is refused (409: a closed account receives nothing).
 */
const rechargeRule = (c: Cell): Outcome => (!c.t.inSubtree ? "denied" : c.t.below ? "ok" : "refused");
const setRechargeRule = (c: Cell): Outcome => (rechargeRule(c) === "ok" && c.t.isClosed ? "refused" : rechargeRule(c));
/** Reading a rule: anywhere in the subtree; the master never has one, and neither do the closed account nor the own account until set. */
const readRechargeRule = (c: Cell): Outcome => (!c.t.inSubtree ? "denied" : c.t.name === "M" || c.t.isClosed ? "refused" : "ok");
/** Who can sign in to an account: managed anywhere in the subtree; a closed account takes nobody new and no role change. */
const people = (c: Cell): Outcome => (!c.t.inSubtree ? "denied" : c.t.isClosed ? "refused" : "ok");
/** Taking someone's access away: anywhere in the subtree, a closed account too. */
const removal = read;
const self = (ok: (c: Cell) => boolean = () => true) => (c: Cell): Outcome => (ok(c) ? "ok" : "refused");
const ownIsPartner = (c: Cell) => c.t.isPartner;

/** Session actions: the role first (403 inside the subtree, 404 outside: both "denied"), then the route's rule. */
const withRole = (required: "admin" | "owner", rule: (c: Cell) => Outcome) => (c: Cell): Outcome => (canWrite(c, required) ? rule(c) : "denied");

// ---------------------------------------------------------------------------------------------------------
// Fresh targets and undo.

const worldOf = (c: Cell) => (c.t.world === c.home ? c.home : c.away);
/** A new leaf under the caller's own account (a partner whenever a delete of a child is allowed). */
const freshChild = async (c: Cell) => (c.t.kind === "child" ? (await makeChild(worldOf(c).tenant, { parentId: c.p.accountId, name: `fresh ${randomUUID().slice(0, 6)}` })).id : undefined);
const freshInvitation = async (c: Cell) => (c.t.isClosed ? undefined : (await invite(worldOf(c).tenant, { accountId: c.t.accountId })).invitation.id);
const freshKey = async (c: Cell) => (c.t.isClosed ? undefined : (await keyOf(worldOf(c).tenant, c.t.accountId, "fresh")).id);
const ruleOnTarget = async (c: Cell) => {
  await setAutoRecharge({ ctx: worldOf(c).tenant.owner, input: { accountId: c.t.accountId, threshold: "1", mode: "fixed", amount: "5" } });
  return undefined;
};
const removeRule = async (c: Cell) => {
  await removeAutoRecharge({ ctx: worldOf(c).tenant.owner, input: { accountId: c.t.accountId } });
};
/** A waiting scheduled send of the subtree; the closed member's was cancelled with it. */
const cancelScheduled = (c: Cell): Outcome => (!c.t.inSubtree ? "denied" : c.t.isClosed ? "refused" : "ok");
/** a cancelled scheduled send waits again, for the next cell (not the closed member's: it stays cancelled) */
const restoreScheduled = async (c: Cell) => {
  if (c.t.isClosed) return;
  await prisma.scheduledSend.updateMany({
    where: { batchId: String(c.id) },
    data: { status: "scheduled", doneAt: null, cancelledByUserId: null, cancelledByApiKeyId: null },
  });
};
const reactivate = async (c: Cell) => {
  await activateMember({ ctx: worldOf(c).tenant.owner, input: { accountId: Number(c.id) } });
};

/** The viewer every fixture account has (the funding account has none: its id is the master owner's, refused anyway). */
const probeOf = (c: Cell) => (c.t.name === "funding" ? c.t.world.tenant.ownerUserId : c.t.world.probes[c.t.name]);
const probeBackToViewer = async (c: Cell) => {
  await changeUserRole({ ctx: worldOf(c).tenant.owner, input: { accountId: c.t.accountId, userId: probeOf(c), role: "viewer" } });
};
const probeBack = async (c: Cell) => {
  await prisma.membership.create({ data: { tenantId: c.t.world.tenant.tenantId, accountId: c.t.accountId, userId: probeOf(c), role: "viewer" }, select: { id: true } });
};
const twoFactorOff = async (c: Cell) => {
  await setTwoFactorRequirement({ ctx: worldOf(c).tenant.owner, input: { accountId: c.t.accountId, required: false } });
};
const userPath = (c: Cell): RouteCall => ({ path: `/api/v1/accounts/${c.id}/users/${probeOf(c)}`, params: { id: String(c.id), userId: String(probeOf(c)) } });

const idem = () => ({ "idempotency-key": `idor-${randomUUID()}` });
const CY = "+35799123456";
const withId = (path: string, c: Cell) => path.replace("{id}", String(c.id));
const accountPath = (suffix = "") => (c: Cell): RouteCall => ({ path: withId(`/api/v1/accounts/{id}${suffix}`, c), params: { id: String(c.id) } });
const teamUserPath = (verb: string, query = "") => (c: Cell): RouteCall => ({ path: withId(`/v1/team/user/{id}/${verb}${query}`, c), params: { id: String(c.id) } });
const exportPath = (what: string) => (c: Cell): RouteCall => ({ path: `/accounts/${c.id}/${what}/export`, params: { accountId: String(c.id) } });
/**
 * SMS Central's account and user create, GET (a query string) and POST (a form, to the path plus `postSuffix`):
 * USERNAME/PASSWORD are the principal's sign-in (empty for a key, which this surface does not take).
 */
function smscentralCreate(path: string, param: "ACCOUNT" | "USER", value: (c: Cell) => object, expect: (c: Cell) => Outcome, postSuffix = "") {
  return Object.fromEntries(
    (["GET", "POST"] as const).map((method) => [
      `${method} ${path}`,
      {
        credential: "password",
        aim: "account",
        call: (c: Cell) => {
          const params = new URLSearchParams({ USERNAME: c.p.user?.email ?? "", PASSWORD: c.p.user ? TEST_PASSWORD : "", [param]: JSON.stringify(value(c)) });
          return method === "GET" ? { path: `${path}?${params}` } : { path: `${path}${postSuffix}`, body: params };
        },
        expect,
        // GET and POST are one handler; the second method runs a sample (each call checks a password: argon2)
        targetKinds: method === "GET" ? ["own", "sibling", "foreign"] : undefined,
      } satisfies RouteSpec,
    ]),
  );
}
/** An API key's client credentials (SMS.to OAuth): the key split at its last underscore. */
const clientCredentials = (key: string) => ({ client_id: key.slice(0, key.lastIndexOf("_")), secret: key.slice(key.lastIndexOf("_") + 1) });

// ---------------------------------------------------------------------------------------------------------
// Every route handler: "METHOD /pattern" as route-inventory.ts names it.

const ROUTES: Record<string, RouteSpec> = {
  // native: accounts
  "GET /api/v1/accounts": { credential: "key", aim: "account", call: (c) => ({ path: `/api/v1/accounts?parent_id=${c.id}` }), expect: read },
  "POST /api/v1/accounts": { credential: "key", aim: "account", call: (c) => ({ path: "/api/v1/accounts", body: { name: "IDOR probe", parent_id: Number(c.id) } }), expect: createUnder },
  "GET /api/v1/accounts/[id]": { credential: "key", aim: "account", call: accountPath(), expect: read },
  "PATCH /api/v1/accounts/[id]": { credential: "key", aim: "account", call: (c) => ({ ...accountPath()(c), body: { monthly_limit: 1_000_000 } }), expect: member },
  "DELETE /api/v1/accounts/[id]": { credential: "key", aim: "account", call: accountPath(), expect: member, prepare: freshChild },
  "POST /api/v1/accounts/[id]/suspend": { credential: "key", aim: "account", call: accountPath("/suspend"), expect: member, undo: reactivate },
  "POST /api/v1/accounts/[id]/activate": { credential: "key", aim: "account", call: accountPath("/activate"), expect: member },
  "GET /api/v1/accounts/[id]/tree": { credential: "key", aim: "account", call: accountPath("/tree"), expect: read },
  "GET /api/v1/accounts/[id]/statistics": { credential: "key", aim: "account", call: accountPath("/statistics"), expect: read },
  "GET /api/v1/accounts/[id]/transfers": { credential: "key", aim: "account", call: accountPath("/transfers"), expect: read },
  "GET /api/v1/accounts/[id]/auto-recharge": { credential: "key", aim: "account", call: accountPath("/auto-recharge"), expect: readRechargeRule, prepare: ruleOnTarget, undo: removeRule },
  "PUT /api/v1/accounts/[id]/auto-recharge": {
    credential: "key", aim: "account", call: (c) => ({ ...accountPath("/auto-recharge")(c), body: { threshold: "1", amount: "5" } }), expect: setRechargeRule, undo: removeRule,
  },
  "DELETE /api/v1/accounts/[id]/auto-recharge": { credential: "key", aim: "account", call: accountPath("/auto-recharge"), expect: rechargeRule },
  // native: money
  "POST /api/v1/accounts/[id]/credit": { credential: "key", aim: "account", call: (c) => ({ ...accountPath("/credit")(c), body: { amount: "0.01" }, headers: idem() }), expect: member },
  "POST /api/v1/accounts/[id]/debit": { credential: "key", aim: "account", call: (c) => ({ ...accountPath("/debit")(c), body: { amount: "0.01" }, headers: idem() }), expect: member },
  // money enters a tenant only as an operator's payment: every tenant key is refused (403), whatever the target
  "POST /api/v1/accounts/[id]/topup": {
    credential: "key", aim: "account", call: (c) => ({ ...accountPath("/topup")(c), body: { amount: "0.01", reference: "IDOR" }, headers: idem() }), expect: () => "denied",
  },
  // native: who can sign in to an account
  "GET /api/v1/accounts/[id]/users": { credential: "key", aim: "account", call: accountPath("/users"), expect: read },
  "POST /api/v1/accounts/[id]/users": {
    credential: "key", aim: "account", call: (c) => ({ ...accountPath("/users")(c), body: { email: `idor-${randomUUID()}@test.local`, role: "viewer" } }), expect: people,
  },
  "PATCH /api/v1/accounts/[id]/users/[userId]": { credential: "key", aim: "account", call: (c) => ({ ...userPath(c), body: { role: "admin" } }), expect: people, undo: probeBackToViewer },
  "DELETE /api/v1/accounts/[id]/users/[userId]": { credential: "key", aim: "account", call: userPath, expect: removal, undo: probeBack },
  // native: invitations
  "GET /api/v1/invitations": { credential: "key", aim: "account", call: (c) => ({ path: `/api/v1/invitations?account_id=${c.id}` }), expect: read },
  "POST /api/v1/invitations": {
    credential: "key", aim: "account", call: (c) => ({ path: "/api/v1/invitations", body: { email: `idor-${randomUUID()}@test.local`, account_id: Number(c.id) } }), expect: createUnder,
  },
  "POST /api/v1/invitations/[id]/resend": { credential: "key", aim: "invitation", call: (c) => ({ path: `/api/v1/invitations/${c.id}/resend`, params: { id: String(c.id) } }), expect: invitation },
  "DELETE /api/v1/invitations/[id]": { credential: "key", aim: "invitation", call: (c) => ({ path: `/api/v1/invitations/${c.id}`, params: { id: String(c.id) } }), expect: invitation, prepare: freshInvitation },
  // native: messages
  "GET /api/v1/messages": { credential: "key", aim: "account", call: (c) => ({ path: `/api/v1/messages?account_id=${c.id}` }), expect: read },
  "POST /api/v1/messages": { credential: "key", aim: "self", call: () => ({ path: "/api/v1/messages", body: { to: CY, message: "idor" }, headers: idem() }), expect: self() },
  "POST /api/v1/messages/estimate": { credential: "key", aim: "self", call: () => ({ path: "/api/v1/messages/estimate", body: { to: CY, message: "idor" } }), expect: self() },
  "GET /api/v1/messages/[id]": { credential: "key", aim: "message", call: (c) => ({ path: `/api/v1/messages/${c.id}`, params: { id: String(c.id) } }), expect: read },
  "GET /api/v1/scheduled": { credential: "key", aim: "account", call: (c) => ({ path: `/api/v1/scheduled?account_id=${c.id}` }), expect: read },
  "GET /api/v1/scheduled/[batchId]": { credential: "key", aim: "scheduled", call: (c) => ({ path: `/api/v1/scheduled/${c.id}`, params: { batchId: String(c.id) } }), expect: read },
  "POST /api/v1/scheduled/[batchId]/cancel": {
    credential: "key", aim: "scheduled", call: (c) => ({ path: `/api/v1/scheduled/${c.id}/cancel`, params: { batchId: String(c.id) } }),
    // an owner (every key acts as one) cancels any waiting send of its subtree; the closed member's was
    // cancelled when it closed (409)
    expect: cancelScheduled, undo: restoreScheduled,
  },
  "GET /api/v1/openapi.json": { credential: "none", aim: "self", call: () => ({ path: "/api/v1/openapi.json" }), expect: self() },
  // SMS.to-compatible
  "GET /api/balance": { credential: "key", aim: "self", call: () => ({ path: "/api/balance" }), expect: self() },
  "GET /v1/team/users": { credential: "key", aim: "self", call: () => ({ path: "/v1/team/users" }), expect: self() },
  "GET /v1/team/invitations": { credential: "key", aim: "self", call: () => ({ path: "/v1/team/invitations" }), expect: self() },
  "POST /v1/team/user/create": { credential: "key", aim: "self", call: () => ({ path: "/v1/team/user/create", body: { name: "IDOR probe", auto_generate_credentials: true, terms_conditions: true } }), expect: self(ownIsPartner) },
  "POST /v1/team/user/invite": { credential: "key", aim: "self", call: () => ({ path: "/v1/team/user/invite", body: { email: `idor-${randomUUID()}@test.local` } }), expect: self(ownIsPartner) },
  "GET /v1/team/user/[id]/credit": { credential: "key", aim: "account", call: (c) => ({ ...teamUserPath("credit", "?amount=0.01")(c), headers: idem() }), expect: member },
  "GET /v1/team/user/[id]/debit": { credential: "key", aim: "account", call: (c) => ({ ...teamUserPath("debit", "?amount=0.01")(c), headers: idem() }), expect: member },
  "GET /v1/team/user/[id]/disable": { credential: "key", aim: "account", call: teamUserPath("disable"), expect: member, undo: reactivate },
  "GET /v1/team/user/[id]/enable": { credential: "key", aim: "account", call: teamUserPath("enable"), expect: member },
  "DELETE /v1/team/user/[id]/delete": { credential: "key", aim: "account", call: (c) => ({ ...teamUserPath("delete")(c), body: [] }), expect: member, prepare: freshChild },
  "DELETE /v1/team/invitation/[id]/delete": {
    credential: "key", aim: "invitation", call: (c) => ({ path: `/v1/team/invitation/${c.id}/delete`, params: { id: String(c.id) }, body: [] }), expect: invitation, prepare: freshInvitation,
  },
  ...Object.fromEntries(
    (["GET", "POST", "PUT", "PATCH", "DELETE"] as const).map((method) => [
      `${method} /v1/team/[...path]`,
      {
        credential: "key",
        aim: "account",
        call: (c: Cell) => ({ path: `/v1/team/user/${c.id}/transfer`, params: { path: ["user", String(c.id), "transfer"] } }),
        expect: () => "denied",
        unaudited: "an unknown endpoint answers before any key is read",
      } satisfies RouteSpec,
    ]),
  ),
  "POST /sms/send": { credential: "key", aim: "self", call: () => ({ path: "/sms/send", body: { to: CY, message: "idor" } }), expect: self() },
  "POST /sms/estimate": { credential: "key", aim: "self", call: () => ({ path: "/sms/estimate", body: { to: CY, message: "idor" } }), expect: self() },
  "GET /messages": { credential: "key", aim: "self", call: () => ({ path: "/messages" }), expect: self() },
  "GET /v2/messages": { credential: "key", aim: "self", call: () => ({ path: "/v2/messages" }), expect: self() },
  "GET /message/[id]": { credential: "key", aim: "message", call: (c) => ({ path: `/message/${c.id}`, params: { id: String(c.id) } }), expect: read },
  "POST /oauth/token": {
    credential: "none",
    aim: "self",
    call: (c) => ({ path: "/oauth/token", body: c.p.key ? clientCredentials(c.p.key.plaintext) : {} }),
    expect: (c) => (c.p.key ? "ok" : "refused"),
  },
  "POST /refresh": { credential: "key", aim: "self", call: () => ({ path: "/refresh", body: [] }), expect: self() },
  // SMS Central's creates: a user's sign-in and the JSON parameter that names the target
  ...smscentralCreate("/api/v3.2/account/create", "ACCOUNT", (c) => ({ ACCOUNTNAME: "IDOR probe", PARENTACCOUNT: Number(c.id), PAYMENTMODEL: "prepaid" }), withRole("admin", createUnder)),
  // a new user with a Basic (viewer) role on the target, which any owner or admin may give; POST with the trailing slash
  ...smscentralCreate(
    "/api/v3.2/user/create",
    "USER",
    (c) => ({ USERNAME: `idor.${randomUUID().slice(0, 8)}`, PASSWORD: "IDOR probe password", FIRSTNAME: "IDOR", ACCOUNTS: [{ ID: Number(c.id), USERLEVEL: 3 }] }),
    withRole("admin", people),
    "/",
  ),
  // SMS Central's one URL (and its old alias): a user's sign-in, acting on the account the user belongs to;
  // POST sends (owners only, as every send), GET reads the balance that pays (any role)
  ...Object.fromEntries(
    ["/api/v3.2", "/wrapper/sms"].flatMap((path) =>
      (["GET", "POST"] as const).map((method) => [
        `${method} ${path}`,
        {
          credential: "password",
          aim: "self",
          call: (c: Cell) => {
            const params = new URLSearchParams({
              USERNAME: c.p.user?.email ?? "",
              PASSWORD: c.p.user ? TEST_PASSWORD : "",
              ...(method === "POST" ? { ACTION: "send", RECIPIENT: CY.replace("+", ""), MESSAGE_TEXT: "idor" } : { ACTION: "balance" }),
            });
            return method === "GET" ? { path: `${path}?${params}` } : { path, body: params };
          },
          expect: method === "POST" ? self((c) => c.p.role === "owner") : self(),
        } satisfies RouteSpec,
      ]),
    ),
  ),
  // the dashboard's CSV exports: a session, the account in the URL
  "GET /accounts/[accountId]/ledger/export": { credential: "session", aim: "account", call: exportPath("ledger"), expect: read },
  "GET /accounts/[accountId]/messages/export": { credential: "session", aim: "account", call: exportPath("messages"), expect: read },
  "GET /accounts/[accountId]/statistics/export": { credential: "session", aim: "account", call: exportPath("statistics"), expect: read },
  "GET /accounts/[accountId]/audit/export": { credential: "session", aim: "account", call: exportPath("audit"), expect: withRole("admin", read) },
};

/** Routes without a target: next-auth's own endpoints (sign-in and session plumbing, no account id). */
const ROUTES_WITHOUT_TARGETS: Record<string, string> = {
  ...Object.fromEntries(OPERATOR_ROUTE_IDS.map((id) => [id, "the operators' API: lib/security/operator-matrix.db.test.ts, both directions"])),
  "GET /api/auth/[...nextauth]": "next-auth's session and CSRF endpoints: no account id",
  "POST /api/auth/[...nextauth]": "next-auth's sign-in and sign-out: no account id",
  "POST /api/carrier-callbacks/[connectionId]/[token]":
    "public: an HTTP upstream's status callback, no account id; the URL's token (and the upstream's signature) is the proof (lib/domain/carriers/http-upstream.db.test.ts)",
};

// ---------------------------------------------------------------------------------------------------------
// Every server action, by its exported name (some twice: with the target's id, and with the caller's own
// account id next to the target's key or invitation, which is where a wrapper check alone would let it through).

const money = (c: Cell) => ({ accountId: Number(c.id), amount: "0.01", idempotencyKey: `idor-${randomUUID()}` });
const settings = { paymentModel: "prepaid", invoicingAccountId: null, monthlyVolumeLimit: null } as const;

const ACTIONS: ActionSpec[] = [
  { action: "creditMemberAction", aim: "account", input: money, expect: withRole("owner", member) },
  { action: "debitMemberAction", aim: "account", input: money, expect: withRole("owner", member) },
  { action: "createApiKeyAction", aim: "account", input: (c) => ({ accountId: Number(c.id), name: "IDOR probe" }), expect: withRole("admin", (c) => (!c.t.inSubtree ? "denied" : c.t.isClosed ? "refused" : "ok")) },
  {
    action: "rotateApiKeyAction", aim: "apiKey", prepare: freshKey,
    input: (c) => ({ accountId: c.t.accountId, apiKeyId: Number(c.id), graceSeconds: 0 }),
    expect: withRole("admin", (c) => (!c.t.inSubtree ? "denied" : c.t.isClosed ? "refused" : "ok")),
  },
  {
    action: "rotateApiKeyAction", aim: "apiKey", prepare: freshKey,
    input: (c) => ({ accountId: c.p.accountId, apiKeyId: Number(c.id), graceSeconds: 0 }),
    expect: withRole("admin", (c) => (c.t.kind === "own" ? "ok" : "denied")),
  },
  {
    // revoking the closed account's key (revoked when it closed) changes nothing and succeeds
    action: "revokeApiKeyAction", aim: "apiKey", prepare: freshKey,
    input: (c) => ({ accountId: c.t.accountId, apiKeyId: Number(c.id) }),
    expect: withRole("admin", read),
  },
  { action: "revokeApiKeyAction", aim: "apiKey", prepare: freshKey, input: (c) => ({ accountId: c.p.accountId, apiKeyId: Number(c.id) }), expect: withRole("admin", (c) => (c.t.kind === "own" ? "ok" : "denied")) },
  // the log's Cancel: the viewed account is authorized (owner), the send must be in the caller's subtree
  { action: "cancelScheduledSendAction", aim: "scheduled", input: (c) => ({ accountId: c.t.accountId, batchId: String(c.id) }), expect: withRole("owner", cancelScheduled), undo: restoreScheduled },
  { action: "cancelScheduledSendAction", aim: "scheduled", input: (c) => ({ accountId: c.p.accountId, batchId: String(c.id) }), expect: withRole("owner", cancelScheduled), undo: restoreScheduled },
  // the tenant's price list is the platform's (operator-matrix.db.test.ts); a member's own price is set from above it
  { action: "setAccountPriceAction", aim: "account", input: (c) => ({ accountId: Number(c.id), country: "CY", pricePerSegment: "0.05" }), expect: withRole("owner", member) },
  { action: "removeAccountPriceAction", aim: "account", input: (c) => ({ accountId: Number(c.id), country: "CY" }), expect: withRole("owner", member) },
  { action: "setAutoRechargeAction", aim: "account", input: (c) => ({ accountId: Number(c.id), threshold: "1", mode: "fixed", amount: "5" }), expect: withRole("owner", setRechargeRule), undo: removeRule },
  { action: "removeAutoRechargeAction", aim: "account", input: (c) => ({ accountId: Number(c.id) }), expect: withRole("owner", rechargeRule) },
  { action: "setBalanceAlertAction", aim: "account", input: (c) => ({ accountId: Number(c.id), threshold: "1" }), expect: withRole("owner", read) },
  { action: "removeBalanceAlertAction", aim: "account", input: (c) => ({ accountId: Number(c.id) }), expect: withRole("owner", read) },
  // where an account's delivery receipts go: an owner's or admin's anywhere in its subtree, its own account included
  { action: "setDeliveryReceiptUrlAction", aim: "account", input: (c) => ({ accountId: Number(c.id), url: "https://receipts.example/idor", userName: "u", password: "p" }), expect: withRole("admin", read) },
  { action: "removeDeliveryReceiptUrlAction", aim: "account", input: (c) => ({ accountId: Number(c.id) }), expect: withRole("admin", read) },
  { action: "createMemberAction", aim: "account", input: (c) => ({ accountId: Number(c.id), name: "IDOR probe", email: null, isPartner: false, ...settings }), expect: withRole("admin", createUnder) },
  {
    action: "editMemberAction", aim: "account",
    input: (c) => ({ accountId: Number(c.id), name: `${c.t.world.label}.${c.t.name}`, email: null, isPartner: c.t.isPartner, ...settings }),
    expect: withRole("admin", member),
  },
  { action: "suspendMemberAction", aim: "account", input: (c) => ({ accountId: Number(c.id) }), expect: withRole("admin", member), undo: reactivate },
  { action: "activateMemberAction", aim: "account", input: (c) => ({ accountId: Number(c.id) }), expect: withRole("admin", member) },
  { action: "deleteMemberAction", aim: "account", input: (c) => ({ accountId: Number(c.id) }), expect: withRole("admin", member), prepare: freshChild },
  {
    action: "inviteMemberAction", aim: "account",
    input: (c) => ({ accountId: Number(c.id), email: `idor-${randomUUID()}@test.local`, role: "viewer", accountName: null, isPartner: false, ...settings }),
    expect: withRole("admin", createUnder),
  },
  { action: "inviteColleagueAction", aim: "account", input: (c) => ({ accountId: Number(c.id), email: `idor-${randomUUID()}@test.local`, role: "viewer" }), expect: withRole("admin", people) },
  { action: "changeUserRoleAction", aim: "account", input: (c) => ({ accountId: Number(c.id), userId: probeOf(c), role: "admin" }), expect: withRole("admin", people), undo: probeBackToViewer },
  { action: "removeUserAction", aim: "account", input: (c) => ({ accountId: Number(c.id), userId: probeOf(c) }), expect: withRole("admin", removal), undo: probeBack },
  // requiring two-factor sign-in of a subtree is an owner's: allowed anywhere in it (a closed account too: it changes no access)
  { action: "setTwoFactorRequirementAction", aim: "account", input: (c) => ({ accountId: Number(c.id), required: true }), expect: withRole("owner", read), undo: twoFactorOff },
  { action: "resendInvitationAction", aim: "invitation", input: (c) => ({ accountId: c.t.accountId, invitationId: Number(c.id) }), expect: withRole("admin", invitation) },
  { action: "resendInvitationAction", aim: "invitation", input: (c) => ({ accountId: c.p.accountId, invitationId: Number(c.id) }), expect: withRole("admin", invitation) },
  { action: "revokeInvitationAction", aim: "invitation", prepare: freshInvitation, input: (c) => ({ accountId: c.t.accountId, invitationId: Number(c.id) }), expect: withRole("admin", invitation) },
  { action: "revokeInvitationAction", aim: "invitation", prepare: freshInvitation, input: (c) => ({ accountId: c.p.accountId, invitationId: Number(c.id) }), expect: withRole("admin", invitation) },
];

/** Actions without a target account, and why they are out of the matrix. */
const ACTIONS_WITHOUT_TARGETS: Record<string, string> = {
  ...Object.fromEntries(OPERATOR_ACTION_NAMES.map((name) => [name, "the operators' console: lib/security/operator-matrix.db.test.ts, both directions"])),
  setUpPlatformAction: "public: the setup link's token is the credential (single use: platform db tests and the production e2e)",
  acceptOperatorInvitationAction: "public: the operator invitation's token is the credential (single use: platform db tests)",
  requestSignUpAction: "public: a sign-up (SIGNUP=open) names no account; it only sends a verification e-mail",
  verifySignUpAction: "public: the verification link's token is the credential (single use: sign-up db tests and e2e)",
  acceptInvitationAction: "public: the link's token is the credential (single use: invitation tests and e2e)",
  joinAccountAction: "the link's token is the credential, taken by the signed-in user it was sent to (people db tests and e2e)",
  requestPasswordResetAction: "public: an e-mail address, no account id; answers the same whether or not it has a user",
  resetPasswordAction: "public: the reset link's token is the credential (single use: password reset db tests and e2e)",
  updateProfileAction: "the signed-in user's own name, no account id",
  changePasswordAction: "the signed-in user's own password, checked against the current one",
  endOtherSessionsAction: "the signed-in user's own sessions, no account id",
  startTwoFactorAction: "the signed-in user's own second factor, no account id",
  confirmTwoFactorAction: "the signed-in user's own second factor, no account id",
  disableTwoFactorAction: "the signed-in user's own second factor, checked with the password and a code",
  signInAction: "public: e-mail and password, no account id",
  signOutAction: "ends the caller's own session, no account id",
};

// ---------------------------------------------------------------------------------------------------------

// collected before the tests (the mocks above apply: vi.mock is hoisted)
const routes: RouteEntry[] = await routeInventory();
const actions: ActionEntry[] = await actionInventory();
let worlds: [SecurityTenant, SecurityTenant];
const tally = { cells: 0, ok: 0, denied: 0, refused: 0, unauth: 0, fingerprints: 0, auditRows: 0, routes: new Set<string>(), actions: new Set<string>() };

beforeAll(async () => {
  worlds = [await makeSecurityTenant("A"), await makeSecurityTenant("B")];
}, 120_000);

afterAll(async () => {
  console.log(
    `IDOR matrix: ${tally.routes.size} route handlers + ${tally.actions.size} server actions × 4 principals × 2 tenants × up to 7 ids ` +
      `(own, child, sibling, parent, foreign tenant, closed, system) = ${tally.cells} calls: ${tally.ok} allowed and succeeded, ` +
      `${tally.denied} denied (403/404), ${tally.refused} refused by a business rule, ${tally.unauth} without a usable credential (401); ` +
      `${tally.fingerprints} before/after fingerprints equal, ${tally.auditRows} denials found in the audit log.`,
  );
  await stopQueue();
});

const tenantIds = () => worlds.map((w) => w.tenant.tenantId);

/** The cells of one route or action: every principal of both tenants at every target its aim has. */
function* cellsOf(aim: Aim | "apiKey") {
  for (const [home, away] of [worlds, [worlds[1], worlds[0]]] as const) {
    for (const p of home.principals) {
      for (const t of targetsOf(p, home, away)) {
        if (aim === "self" && t.kind !== "own") continue;
        const id =
          aim === "invitation" ? (t.kind === "closed" ? t.world.revokedInvitation : t.name === "funding" ? undefined : t.world.invitations[t.name])
          : aim === "message" ? (t.name === "funding" ? undefined : t.world.messages[t.name])
          : aim === "scheduled" ? (t.name === "funding" ? undefined : t.world.scheduled[t.name])
          : aim === "apiKey" ? (t.name === "funding" ? undefined : t.world.keys[t.name].id)
          : t.accountId;
        if (id !== undefined) yield { p, t, home, away, id } satisfies Cell;
      }
    }
  }
}

const describeCell = (c: Cell) => `${c.p.tenantLabel}'s ${c.p.label} → ${c.t.kind} (${c.t.world.label}.${c.t.name}, id ${c.id})`;

/**
 * What the last refused call left: the state's fingerprint and the number of denied rows. A refusal changes
 * neither (but the one row it writes), so the next refused call starts from it without asking again; anything
 * that may change the state (an allowed call, a prepare or undo step, a new test) forgets it.
 */
let known: { fingerprint: string; denied: number } | null = null;
const observe = async () => {
  const [fingerprint, denied] = await Promise.all([stateFingerprint(tenantIds()), deniedCount(tenantIds())]);
  return { fingerprint, denied };
};

/** Runs one cell: checks the outcome against the rule, and that a refusal changed nothing and was audited once. */
async function runCell(c: Cell, expected: Outcome, send: () => Promise<{ outcome: Outcome | "other"; detail: string }>, audited: boolean) {
  const before = expected === "ok" ? null : (known ??= await observe());
  const { outcome, detail } = await send();
  // a business refusal may come as a 403/404 too (e.g. a key may not edit its own account): refused either way
  const matched = outcome === expected || (expected === "refused" && outcome === "denied");
  expect.soft(matched, `${describeCell(c)}: expected ${expected}, got ${outcome}: ${detail}`).toBe(true);
  tally.cells++;
  tally[expected]++;
  if (before === null) {
    known = null;
    return;
  }
  known = await observe();
  expect.soft(known.fingerprint, `${describeCell(c)} changed something (${detail})`).toBe(before.fingerprint);
  tally.fingerprints++;
  if (expected === "denied" && audited) {
    expect.soft(known.denied, `${describeCell(c)}: one denied row in the audit log`).toBe(before.denied + 1);
    tally.auditRows++;
  }
}

function classifyResponse(status: number, body: string): Outcome | "other" {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    json = undefined;
  }
  const smstoFailure = typeof json === "object" && json !== null && "success" in json ? (json as { success: unknown }).success === false : true;
  // SMS Central's replies are all 200: a refusal is `<code> <text>` (a send) or an <error> element (a balance)
  if (status === 200 && (/^\d{3} \S/.test(body) || body.startsWith("<error>"))) return "refused";
  if (status >= 200 && status < 300) return "ok";
  if (status === 401) return "unauth";
  if ((status === 403 || status === 404) && smstoFailure) return "denied";
  if (status >= 400 && status < 500 && status !== 429 && smstoFailure) return "refused";
  return "other";
}

async function sendRoute(entry: RouteEntry, spec: RouteSpec, c: Cell): Promise<{ outcome: Outcome | "other"; detail: string }> {
  const call = spec.call(c);
  const headers: Record<string, string> = { accept: "application/json", "user-agent": "idor-matrix", "x-forwarded-for": "192.0.2.10", ...call.headers };
  if (spec.credential === "key" && c.p.key) headers.authorization = `Bearer ${c.p.key.plaintext}`;
  if (spec.credential === "session" && c.p.key && !c.p.user) headers.authorization = `Bearer ${c.p.key.plaintext}`; // a key never opens a session
  if (spec.credential === "key" && entry.pattern === "/refresh" && c.p.key) {
    const token = JSON.parse(await (await routes.find((r) => r.id === "POST /oauth/token")!.handler(new Request(`${TEST_API_BASE}/oauth/token`, {
      method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(clientCredentials(c.p.key.plaintext)),
    }))).text()) as { jwt: string };
    headers.authorization = `Bearer ${token.jwt}`;
  }
  let body: string | undefined;
  if (call.body instanceof URLSearchParams) {
    headers["content-type"] = "application/x-www-form-urlencoded";
    body = call.body.toString();
  } else if (call.body !== undefined) {
    headers["content-type"] = "application/json";
    body = JSON.stringify(call.body);
  }
  session.userId = spec.credential === "session" && c.p.user ? c.p.user.id : null;
  // a session cookie never authenticates the API: the viewer (a user without a key) calls the key routes with its session only
  if (spec.credential === "key" && !c.p.key && c.p.user) session.userId = c.p.user.id;
  const res = await entry.handler(new Request(`${TEST_API_BASE}${call.path}`, { method: entry.method, headers, body }), { params: Promise.resolve(call.params ?? {}) });
  const text = await res.text();
  return { outcome: classifyResponse(res.status, text), detail: `${res.status} ${text.slice(0, 200)}` };
}

async function sendAction(entry: ActionEntry, spec: ActionSpec, c: Cell): Promise<{ outcome: Outcome | "other"; detail: string }> {
  session.userId = c.p.user?.id ?? null; // the leaf's key has no session: a server action sees nobody
  const result = (await entry.action(spec.input(c))) as { ok: boolean; code?: string; error?: string };
  const detail = JSON.stringify(result).slice(0, 200);
  if (result.ok) return { outcome: "ok", detail };
  if (result.code === "unauthenticated") return { outcome: "unauth", detail };
  if (result.code === "not_found" || result.code === "forbidden") return { outcome: "denied", detail };
  // "Something went wrong" has no code: a bug, never an expected refusal
  return { outcome: result.code ? "refused" : "other", detail };
}

/** The outcome a route's rule gives, after the credential: no key for a key route, no session for a session route. */
function routeExpectation(spec: RouteSpec, c: Cell): Outcome {
  if (spec.credential === "key" && !c.p.key && !spec.unaudited) return "unauth";
  if (spec.credential === "session" && !c.p.user) return "unauth";
  if (spec.credential === "password" && !c.p.user) return "refused";
  return spec.expect(c);
}

describe("inventory", () => {
  it("every route handler and every server action on disk has a row in the matrix (or a reason to have none)", () => {
    const missingRoutes = routes.map((r) => r.id).filter((id) => !(id in ROUTES) && !(id in ROUTES_WITHOUT_TARGETS));
    const staleRoutes = [...Object.keys(ROUTES), ...Object.keys(ROUTES_WITHOUT_TARGETS)].filter((id) => !routes.some((r) => r.id === id));
    expect(missingRoutes, "routes without a row").toEqual([]);
    expect(staleRoutes, "rows without a route").toEqual([]);
    const names = actions.map((a) => a.name);
    expect(new Set(names).size, "action names are unique").toBe(names.length);
    const missingActions = names.filter((n) => !ACTIONS.some((s) => s.action === n) && !(n in ACTIONS_WITHOUT_TARGETS));
    const staleActions = [...ACTIONS.map((s) => s.action), ...Object.keys(ACTIONS_WITHOUT_TARGETS)].filter((n) => !names.includes(n));
    expect(missingActions, "actions without a row").toEqual([]);
    expect(staleActions, "rows without an action").toEqual([]);
    console.log(`inventory: ${routes.length} route handlers (${Object.keys(ROUTES_WITHOUT_TARGETS).length} without an account id), ${actions.length} server actions (${Object.keys(ACTIONS_WITHOUT_TARGETS).length} without one)`);
  });
});

describe("route handlers", () => {
  for (const [id, spec] of Object.entries(ROUTES)) {
    it(id, async () => {
      const entry = routes.find((r) => r.id === id);
      expect(entry, `${id} is on disk`).toBeDefined();
      tally.routes.add(id);
      for (const cell of cellsOf(spec.aim)) {
        if (spec.targetKinds && !spec.targetKinds.includes(cell.t.kind)) continue;
        const expected = routeExpectation(spec, cell);
        const fresh = expected === "ok" && spec.prepare ? await spec.prepare(cell) : undefined;
        const c = fresh === undefined ? cell : { ...cell, id: fresh };
        await runCell(c, expected, () => sendRoute(entry!, spec, c), !spec.unaudited);
        if (expected === "ok") await spec.undo?.(c);
      }
      // a password route checks a password (argon2, slow on purpose) on every call, and user/create hashes one more
    }, spec.credential === "password" ? 90_000 : undefined);
  }
});

describe("server actions", () => {
  ACTIONS.forEach((spec, i) => {
    it(`${spec.action} #${i}`, async () => {
      const entry = actions.find((a) => a.name === spec.action);
      expect(entry, `${spec.action} is exported`).toBeDefined();
      tally.actions.add(spec.action);
      for (const cell of cellsOf(spec.aim)) {
        const expected = cell.p.user ? spec.expect(cell) : "unauth";
        const fresh = expected === "ok" && spec.prepare ? await spec.prepare(cell) : undefined;
        const c = fresh === undefined ? cell : { ...cell, id: fresh };
        await runCell(c, expected, () => sendAction(entry!, spec, c), true);
        if (expected === "ok") await spec.undo?.(c);
      }
    });
  });
});

// The principals above hold owner or viewer roles; an admin's line runs through money, tested here: an admin
// manages members but moves no money, so deleting a member that holds money (its balance is swept to the parent)
// is an owner's (DESIGN.md §4), while deleting an empty one is an admin's too.
describe("an admin and money", () => {
  it("an admin deletes an empty member, but not one holding money, nor credits or debits one; the refusals change nothing and are audited", async () => {
    const world = worlds[0];
    const admin = await makeUser(world.tenant, world.ids.S, "admin");
    const byName = (name: string) => actions.find((a) => a.name === name)!.action;
    const holding = await makeChild(world.tenant, { parentId: world.ids.S, name: `holding ${randomUUID().slice(0, 6)}` });
    await credit(world.tenant, holding.id, 2_500_000n);
    const empty = await makeChild(world.tenant, { parentId: world.ids.S, name: `empty ${randomUUID().slice(0, 6)}` });
    session.userId = admin.id;
    const refusals: [string, unknown][] = [
      ["deleteMemberAction", { accountId: holding.id }],
      ["creditMemberAction", { accountId: holding.id, amount: "0.01", idempotencyKey: `idor-${randomUUID()}` }],
      ["debitMemberAction", { accountId: holding.id, amount: "0.01", idempotencyKey: `idor-${randomUUID()}` }],
    ];
    for (const [name, input] of refusals) {
      const before = await observe();
      const result = (await byName(name)(input)) as { ok: boolean; code?: string };
      expect(result, `${name} as an admin`).toMatchObject({ ok: false, code: "forbidden" });
      const after = await observe();
      expect(after.fingerprint, `${name} as an admin changed something`).toBe(before.fingerprint);
      expect(after.denied, `${name} as an admin: one denied row`).toBe(before.denied + 1);
    }
    expect(await byName("deleteMemberAction")({ accountId: empty.id })).toMatchObject({ ok: true });
    const rows = await prisma.account.findMany({ where: { tenantId: world.tenant.tenantId, id: { in: [holding.id, empty.id] } }, select: { id: true, status: true, balance: true } });
    expect(rows.sort((a, b) => a.id - b.id)).toEqual([
      { id: holding.id, status: "active", balance: 2_500_000n },
      { id: empty.id, status: "closed", balance: 0n },
    ]);
    session.userId = null;
    known = null;
  });
});
