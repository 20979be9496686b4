// SMS.to's OAuth mode (reference/smsto-api.md §8 P0b, P13): client credentials for a token, the token on both API
// surfaces as the PHP SDK sends it (Authorization: Bearer + X-Smsto-Sdk), its refresh, and every rule of the key
// behind it (revoked, suspended, rate limits) holding for the token, against the real database.
import { decodeJwt } from "jose";
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { stopQueue } from "@/lib/jobs/boss";
import { apiTokenKeyFromEnv, signApiToken } from "@/lib/domain/api-keys/api-token-format";
import { revokeApiKey } from "@/lib/domain/api-keys/revoke-api-key";
import { suspendMember } from "@/lib/domain/members/suspend-member";
import { keyOf } from "@/lib/testing/api-requests";
import { credit, fundMaster, makeChild, makeTenant, type TestTenant } from "@/lib/testing/factories";
import * as tokenRoute from "@/app/oauth/token/route";
import * as refreshRoute from "@/app/refresh/route";
import * as balanceRoute from "@/app/api/balance/route";
import * as teamUsersRoute from "@/app/v1/team/users/route";
import * as nativeAccountsRoute from "@/app/api/v1/accounts/route";

afterAll(() => stopQueue());
beforeEach(() => vi.stubEnv("AUTH_SECRET", "db-test-auth-secret-for-api-tokens"));
afterEach(() => vi.unstubAllEnvs());

const BASE = "http://subledger.test";
const INVALID_CLIENT = "Invalid client_id or secret.";
const EUR = 1_000_000n;

type Reply = { status: number; body: Record<string, any> };
async function read(pending: Promise<Response>): Promise<Reply> {
  const res = await pending;
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

/** P0b as the SDK sends it: only the JSON headers, the credentials in the body. */
const requestToken = (body: unknown) =>
  read(
    tokenRoute.POST(
      new Request(`${BASE}/oauth/token`, {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/json", "user-agent": "GuzzleHttp/7" },
        body: typeof body === "string" ? body : JSON.stringify(body),
      }),
    ),
  );

/** Any later call in OAuth mode: the token as Bearer and as X-Smsto-Sdk. */
const oauthHeaders = (jwt: string) => ({
  "content-type": "application/json",
  accept: "application/json",
  "user-agent": "GuzzleHttp/7",
  authorization: `Bearer ${jwt}`,
  "x-smsto-sdk": jwt,
});
const withToken = (jwt: string) => ({
  balance: () => read(balanceRoute.GET(new Request(`${BASE}/api/balance`, { headers: oauthHeaders(jwt) }))),
  teamUsers: () => read(teamUsersRoute.GET(new Request(`${BASE}/v1/team/users`, { headers: oauthHeaders(jwt) }))),
  nativeAccounts: () => read(nativeAccountsRoute.GET(new Request(`${BASE}/api/v1/accounts`, { headers: oauthHeaders(jwt) }))),
  // P13: Guzzle's `json: []`
  refresh: () => read(refreshRoute.POST(new Request(`${BASE}/refresh`, { method: "POST", headers: oauthHeaders(jwt), body: "[]" }))),
});

/** client_id and secret of a fresh key of `accountId`, as the API keys page shows them. */
async function clientOf(tenant: TestTenant, accountId: number) {
  const key = await keyOf(tenant, accountId, "oauth client");
  const cut = key.plaintext.lastIndexOf("_");
  return { apiKeyId: key.id, clientId: key.plaintext.slice(0, cut), secret: key.plaintext.slice(cut + 1), plaintext: key.plaintext };
}

async function tokenFor(client: { clientId: string; secret: string }, expiresIn = 0) {
  const reply = await requestToken({ client_id: client.clientId, secret: client.secret, expires_in: expiresIn });
  expect(reply.status, JSON.stringify(reply.body)).toBe(200);
  return reply.body.jwt as string;
}

function expectRefused(reply: Reply, status: number, message: string) {
  expect(reply.status, JSON.stringify(reply.body)).toBe(status);
  expect(reply.body).toEqual({ success: false, message });
}

/** The same text with its last character changed. */
const changedLast = (text: string) => text.slice(0, -1) + (text.endsWith("0") ? "1" : "0");

describe("POST /oauth/token", () => {
  it("trades a key's client credentials for a bearer token without expiry, in SMS.to's reply shape", async () => {
    const tenant = await makeTenant();
    const member = await makeChild(tenant);
    const client = await clientOf(tenant, member.id);
    const reply = await requestToken({ client_id: client.clientId, secret: client.secret, expires_in: 0 });
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({ jwt: expect.any(String), expires: 0, token_type: "bearer" });
    const claims = decodeJwt(reply.body.jwt);
    expect(claims).toMatchObject({ sub: String(client.apiKeyId), tid: tenant.tenantId });
    expect(claims.exp).toBeUndefined();
    // the secret is nowhere in the token
    expect(Buffer.from(reply.body.jwt.split(".")[1], "base64url").toString()).not.toContain(client.secret);
  });

  it("accepts the bare key id as client_id, and no expires_in at all", async () => {
    const tenant = await makeTenant();
    const client = await clientOf(tenant, tenant.masterAccountId);
    const reply = await requestToken({ client_id: client.clientId.replace(/^sk_live_/, ""), secret: client.secret });
    expect(reply.body).toEqual({ jwt: expect.any(String), expires: 0, token_type: "bearer" });
  });

  it("honours expires_in, in minutes", async () => {
    const tenant = await makeTenant();
    const client = await clientOf(tenant, tenant.masterAccountId);
    const reply = await requestToken({ client_id: client.clientId, secret: client.secret, expires_in: 90 });
    expect(reply.body.expires).toBe(90);
    const { iat, exp } = decodeJwt(reply.body.jwt);
    expect(exp! - iat!).toBe(90 * 60);
    expect(Math.abs(iat! * 1000 - Date.now())).toBeLessThan(60_000);
  });

  it("refuses a wrong secret, an unknown client_id and a malformed one alike, without saying which part was wrong", async () => {
    const tenant = await makeTenant();
    const client = await clientOf(tenant, tenant.masterAccountId);
    const refusals = [
      { client_id: client.clientId, secret: changedLast(client.secret) },
      { client_id: changedLast(client.clientId), secret: client.secret },
      { client_id: "my-app", secret: client.secret },
      { client_id: client.clientId, secret: "" },
      { client_id: client.plaintext, secret: client.secret },
    ];
    for (const body of refusals) expectRefused(await requestToken(body), 401, INVALID_CLIENT);
  });

  it("refuses the credentials of a revoked key alike, and tells the holder of a suspended account's key why", async () => {
    const tenant = await makeTenant();
    const member = await makeChild(tenant);
    const revoked = await clientOf(tenant, member.id);
    await revokeApiKey({ ctx: tenant.owner, input: { accountId: member.id, apiKeyId: revoked.apiKeyId } });
    expectRefused(await requestToken({ client_id: revoked.clientId, secret: revoked.secret }), 401, INVALID_CLIENT);

    const client = await clientOf(tenant, member.id);
    await suspendMember({ ctx: tenant.owner, input: { accountId: member.id } });
    expectRefused(await requestToken({ client_id: client.clientId, secret: client.secret }), 401, "The account is suspended or closed.");
  });

  it("answers invalid bodies as SMS.to does: success false with the field's message", async () => {
    const missing = await requestToken({ secret: "x" });
    expect(missing.status).toBe(422);
    expect(missing.body).toEqual({
      success: false,
      message: "client_id: The client id field is required.",
      errors: { client_id: ["The client id field is required."] },
    });
    const negative = await requestToken({ client_id: "x", secret: "y", expires_in: -1 });
    expect(negative.body).toMatchObject({ success: false, message: "expires_in: The expires in must be at least 0." });
    const broken = await requestToken("{not json");
    expect(broken.body.success).toBe(false);
  });
});

describe("a token in place of the key", () => {
  it("works on /api/balance (P0a) and /v1/team/users as the SDK sends it, for the key's account", async () => {
    const tenant = await makeTenant();
    await fundMaster(tenant, 100n * EUR);
    const partner = await makeChild(tenant, { isPartner: true });
    await credit(tenant, partner.id, 12n * EUR);
    const child = await makeChild(tenant, { parentId: partner.id });
    const jwt = await tokenFor(await clientOf(tenant, partner.id));
    const api = withToken(jwt);

    const balance = await api.balance();
    expect(balance.status).toBe(200);
    expect(balance.body).toMatchObject({ success: true, balance: 12 });

    const users = await api.teamUsers();
    expect(users.status).toBe(200);
    expect(users.body.success).toBe(true);
    expect(users.body.data.map((m: { id: number }) => m.id)).toEqual([child.id]);
  });

  it("works on the native API too", async () => {
    const tenant = await makeTenant();
    const member = await makeChild(tenant);
    const jwt = await tokenFor(await clientOf(tenant, tenant.masterAccountId));
    const accounts = await withToken(jwt).nativeAccounts();
    expect(accounts.status).toBe(200);
    expect(accounts.body.data.map((a: { id: number }) => a.id)).toContain(member.id);
  });

  it("stops working at the next request once its key is revoked, and refresh stops too", async () => {
    const tenant = await makeTenant();
    const client = await clientOf(tenant, tenant.masterAccountId);
    const api = withToken(await tokenFor(client));
    expect((await api.balance()).status).toBe(200);
    await revokeApiKey({ ctx: tenant.owner, input: { accountId: tenant.masterAccountId, apiKeyId: client.apiKeyId } });
    expectRefused(await api.balance(), 401, "Invalid or revoked API key.");
    expectRefused(await api.teamUsers(), 401, "Invalid or revoked API key.");
    expectRefused(await api.refresh(), 401, "Invalid or revoked API key.");
  });

  it("is refused once the key's account is suspended", async () => {
    const tenant = await makeTenant();
    const member = await makeChild(tenant);
    const api = withToken(await tokenFor(await clientOf(tenant, member.id)));
    await suspendMember({ ctx: tenant.owner, input: { accountId: member.id } });
    expectRefused(await api.balance(), 401, "The account is suspended or closed.");
  });

  it("is refused once expired, when tampered with, or when signed with another AUTH_SECRET", async () => {
    const tenant = await makeTenant();
    const client = await clientOf(tenant, tenant.masterAccountId);
    const claims = { apiKeyId: client.apiKeyId, tenantId: tenant.tenantId };
    const expired = await signApiToken({ ...claims, expiresInMinutes: 60 }, apiTokenKeyFromEnv(), new Date(Date.now() - 61 * 60_000));
    expectRefused(await withToken(expired).balance(), 401, "The token has expired: request a new one from /oauth/token.");
    expectRefused(await withToken(expired).refresh(), 401, "The token has expired: request a new one from /oauth/token.");

    const good = await tokenFor(client);
    const [header, , signature] = good.split(".");
    const otherTenant = Buffer.from(JSON.stringify({ ...decodeJwt(good), tid: tenant.tenantId + 1 })).toString("base64url");
    expectRefused(await withToken(`${header}.${otherTenant}.${signature}`).balance(), 401, "Invalid token: request a new one from /oauth/token.");

    vi.stubEnv("AUTH_SECRET", "another deployment's secret");
    expectRefused(await withToken(good).balance(), 401, "Invalid token: request a new one from /oauth/token.");
  });

  it("counts against its key's rate limit, like the key itself", async () => {
    vi.stubEnv("RATE_LIMIT_PER_KEY", "3");
    vi.stubEnv("RATE_LIMIT_WINDOW_SECONDS", "3600");
    const tenant = await makeTenant();
    const client = await clientOf(tenant, tenant.masterAccountId);
    const api = withToken(await tokenFor(client)); // the token request itself is the key's first
    expect((await api.balance()).status).toBe(200);
    expect((await api.teamUsers()).status).toBe(200);
    const limited = await api.balance();
    expect(limited.status).toBe(429);
    expect(limited.body.success).toBe(false);
    // the key itself shares the budget
    expect((await read(balanceRoute.GET(new Request(`${BASE}/api/balance`, { headers: { authorization: `Bearer ${client.plaintext}` } })))).status).toBe(429);
    expectRefused(await requestToken({ client_id: client.clientId, secret: client.secret }), 429, limited.body.message);
  });
});

describe("POST /refresh", () => {
  it("answers a new token with the same lifetime, which works while the old one keeps working until it expires", async () => {
    const tenant = await makeTenant();
    const client = await clientOf(tenant, tenant.masterAccountId);
    const first = await tokenFor(client, 30);
    const refreshed = await withToken(first).refresh();
    expect(refreshed.status, JSON.stringify(refreshed.body)).toBe(200);
    expect(refreshed.body).toEqual({ jwt: expect.any(String), expires: 30, token_type: "bearer" });
    expect(refreshed.body.jwt).not.toBe(first);
    const { iat, exp, sub } = decodeJwt(refreshed.body.jwt);
    expect(exp! - iat!).toBe(30 * 60);
    expect(sub).toBe(String(client.apiKeyId));
    expect((await withToken(refreshed.body.jwt).balance()).status).toBe(200);
    expect((await withToken(first).balance()).status).toBe(200);
  });

  it("keeps a token without expiry without expiry, and gives one to a caller that sends the key itself", async () => {
    const tenant = await makeTenant();
    const client = await clientOf(tenant, tenant.masterAccountId);
    const fromToken = await withToken(await tokenFor(client)).refresh();
    expect(fromToken.body.expires).toBe(0);
    expect(decodeJwt(fromToken.body.jwt).exp).toBeUndefined();
    const fromKey = await withToken(client.plaintext).refresh();
    expect(fromKey.body).toEqual({ jwt: expect.any(String), expires: 0, token_type: "bearer" });
  });

  it("refuses a request without a token", async () => {
    const res = await read(refreshRoute.POST(new Request(`${BASE}/refresh`, { method: "POST", headers: { "content-type": "application/json" }, body: "[]" })));
    expectRefused(res, 401, "Missing API key: send it as Authorization: Bearer <key>.");
  });
});
