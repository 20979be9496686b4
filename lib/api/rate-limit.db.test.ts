// API rate limits per key and per tenant, through the real route handlers of both surfaces and the real
// counter table. Every app instance counts in the same table, so the concurrency test below is also what makes
// the limits hold across instances.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { prisma } from "@/lib/db/client";
import { createApiKey } from "@/lib/domain/api-keys/create-api-key";
import { deleteIdleRateCounts } from "@/lib/domain/api-keys/delete-idle-rate-counts";
import { makeChild, makeTenant, type TestTenant } from "@/lib/testing/factories";
import * as nativeMessages from "@/app/api/v1/messages/route";
import * as smstoBalance from "@/app/api/balance/route";
import * as smscentral from "@/app/api/v3.2/route";
import { hashPassword } from "@/lib/auth/password";
import { createUserWithMembership } from "@/lib/domain/users/internal";
import { TEST_PASSWORD } from "@/lib/testing/factories";

const PER_KEY = 20;
const PER_TENANT = 30;
/** Long enough that a test's burst fits in one window (see startOfFreshWindow). */
const WINDOW_SECONDS = 60;

beforeEach(() => {
  vi.stubEnv("RATE_LIMIT_PER_KEY", String(PER_KEY));
  vi.stubEnv("RATE_LIMIT_PER_TENANT", String(PER_TENANT));
  vi.stubEnv("RATE_LIMIT_WINDOW_SECONDS", String(WINDOW_SECONDS));
});
afterEach(() => vi.unstubAllEnvs());

async function memberKey(tenant: TestTenant) {
  const member = await makeChild(tenant);
  return (await createApiKey({ ctx: tenant.owner, input: { accountId: member.id, name: "rate test" } })).plaintext;
}

const request = (path: string, key: string) => new Request(`http://subledger.test${path}`, { headers: { authorization: `Bearer ${key}` } });
const native = (key: string) => nativeMessages.GET(request("/api/v1/messages", key));
const smsto = (key: string) => smstoBalance.GET(request("/api/balance", key));

/** The same key id with the secret's last character changed. */
const withWrongSecret = (plaintext: string) => plaintext.slice(0, -1) + (plaintext.endsWith("0") ? "1" : "0");

async function statuses(calls: (() => Promise<Response>)[]) {
  const replies = await Promise.all(calls.map((call) => call()));
  return replies.map((r) => r.status);
}
const count = (list: number[], status: number) => list.filter((s) => s === status).length;

/** Waits, when the database's current window ends within 10 s, until the next one begins: a burst then never straddles a turn. */
async function startOfFreshWindow() {
  const [{ left }] = await prisma.$queryRaw<{ left: number }[]>`
    SELECT extract(epoch FROM date_bin(make_interval(secs => ${WINDOW_SECONDS}), now(), timestamptz 'epoch')
                             + make_interval(secs => ${WINDOW_SECONDS}) - now())::float8 AS left`;
  if (left < 10) await new Promise((r) => setTimeout(r, left * 1000 + 50));
}

async function sequentially(n: number, call: () => Promise<Response>) {
  const result: number[] = [];
  for (let i = 0; i < n; i++) result.push((await call()).status);
  return result;
}

const counters = (tenant: TestTenant) =>
  prisma.$queryRaw<{ scope: string; subject_id: number; count: number }[]>`
    SELECT scope::text, subject_id, count FROM api_rate_count WHERE tenant_id = ${tenant.tenantId} ORDER BY scope, subject_id`;

describe("API rate limits", () => {
  it("counts a key across both surfaces and refuses the request past its limit with 429 and Retry-After", async () => {
    await startOfFreshWindow();
    const tenant = await makeTenant();
    const key = await memberKey(tenant);
    expect(await sequentially(PER_KEY / 2, () => native(key))).toEqual(Array(PER_KEY / 2).fill(200));
    expect(await sequentially(PER_KEY / 2, () => smsto(key))).toEqual(Array(PER_KEY / 2).fill(200));

    const refusedNative = await native(key);
    expect(refusedNative.status).toBe(429);
    const retryAfter = Number(refusedNative.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(WINDOW_SECONDS);
    expect(refusedNative.headers.get("ratelimit-limit")).toBe(String(PER_KEY));
    expect(refusedNative.headers.get("ratelimit-remaining")).toBe("0");
    expect(await refusedNative.json()).toEqual({
      error: { code: "rate_limited", message: `Too many requests with this API key: at most ${PER_KEY} per ${WINDOW_SECONDS} seconds. Retry after ${retryAfter} s.` },
    });

    const refusedSmsto = await smsto(key);
    expect(refusedSmsto.status).toBe(429);
    expect(Number(refusedSmsto.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(await refusedSmsto.json()).toMatchObject({ success: false, message: expect.stringContaining("Too many requests with this API key") });
  });

  it("shares the tenant's budget between its keys, lets a refused key spend none of it, and leaves other tenants alone", async () => {
    await startOfFreshWindow();
    const tenant = await makeTenant();
    const [first, second] = [await memberKey(tenant), await memberKey(tenant)];
    const other = await makeTenant();
    const otherKey = await memberKey(other);

    // the first key runs past its own limit: its refused requests count against it but not against the tenant
    const firstStatuses = await sequentially(PER_KEY + 5, () => smsto(first));
    expect(count(firstStatuses, 200)).toBe(PER_KEY);
    expect(count(firstStatuses, 429)).toBe(5);

    const secondStatuses = await sequentially(PER_TENANT - PER_KEY + 1, () => smsto(second));
    expect(secondStatuses.slice(0, PER_TENANT - PER_KEY)).toEqual(Array(PER_TENANT - PER_KEY).fill(200));
    const refused = await native(second);
    expect(refused.status).toBe(429);
    expect(refused.headers.get("ratelimit-limit")).toBe(String(PER_TENANT));
    expect((await refused.json()).error.message).toContain(`API keys and users of this account tree together: at most ${PER_TENANT}`);

    expect((await smsto(otherKey)).status).toBe(200);
    expect((await native(otherKey)).status).toBe(200);
  });

  it("counts SMS Central's password sign-ins per user and in the tenant's budget, and answers 536 past the limit", async () => {
    await startOfFreshWindow();
    const tenant = await makeTenant();
    const member = await makeChild(tenant);
    const email = `rate-${tenant.tenantId}@test.local`;
    const user = await createUserWithMembership(prisma, { tenantId: tenant.tenantId, accountId: member.id, email, name: "Rate", passwordHash: await hashPassword(TEST_PASSWORD), role: "owner" });
    const call = (params: Record<string, string>) =>
      smscentral.POST(new Request("http://subledger.test/api/v3.2", { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams(params).toString() }));
    const balance = (password = TEST_PASSWORD) => call({ USERNAME: email, PASSWORD: password, ACTION: "balance" });

    // a wrong password spends nothing (the sign-in throttle counts those)
    expect(await (await balance("not the password")).text()).toMatch(/<errorcode>511<\/errorcode>/);
    const replies = await Promise.all(Array.from({ length: PER_KEY }, () => balance().then((r) => r.text())));
    expect(replies.filter((r) => r.startsWith("<balance>"))).toHaveLength(PER_KEY);
    expect(await (await balance()).text()).toMatch(/^<error><errorcode>536<\/errorcode><errormessage>Too many requests from this user: at most 20 per 60 seconds\. Retry after \d+ s\.<\/errormessage><\/error>$/);
    expect(await (await call({ USERNAME: email, PASSWORD: TEST_PASSWORD, ACTION: "send", RECIPIENT: "35799123456", MESSAGE_TEXT: "hi" })).text()).toMatch(/^536 Too many requests from this user/);
    expect(await counters(tenant)).toEqual([
      { scope: "tenant", subject_id: tenant.tenantId, count: PER_KEY },
      { scope: "user", subject_id: user.id, count: PER_KEY + 2 },
    ]);
  });

  it("does not count a request with a wrong secret against the key it names", async () => {
    await startOfFreshWindow();
    const tenant = await makeTenant();
    const key = await memberKey(tenant);
    expect(await sequentially(PER_TENANT + 5, () => smsto(withWrongSecret(key)))).toEqual(Array(PER_TENANT + 5).fill(401));
    expect(await counters(tenant)).toEqual([]);
    expect(await sequentially(PER_KEY, () => smsto(key))).toEqual(Array(PER_KEY).fill(200));
    expect((await smsto(key)).status).toBe(429);
  });

  it("lets exactly the limit through when requests arrive in parallel, each counted once", async () => {
    await startOfFreshWindow();
    const tenant = await makeTenant();
    const key = await memberKey(tenant);
    const parallel = await statuses(Array.from({ length: 50 }, (_, i) => () => (i % 2 ? smsto(key) : native(key))));
    expect(count(parallel, 200)).toBe(PER_KEY);
    expect(count(parallel, 429)).toBe(50 - PER_KEY);
    const rows = await counters(tenant);
    expect(rows.map((r) => [r.scope, r.count])).toEqual([
      ["api_key", 50],
      ["tenant", PER_KEY],
    ]);
  });

  it("starts a new window after Retry-After, resetting the counter in place", async () => {
    vi.stubEnv("RATE_LIMIT_WINDOW_SECONDS", "1");
    const tenant = await makeTenant();
    const key = await memberKey(tenant);
    let refused: Response | undefined;
    // a turn of the window may come mid-burst; it only takes more requests to reach a refusal
    for (let i = 0; i < 10 * PER_KEY && !refused; i++) {
      const res = await smsto(key);
      if (res.status === 429) refused = res;
    }
    expect(refused?.headers.get("retry-after")).toBe("1");
    await new Promise((r) => setTimeout(r, Number(refused!.headers.get("retry-after")) * 1000));
    expect((await smsto(key)).status).toBe(200);
    expect((await counters(tenant)).map((r) => [r.scope, r.count])).toEqual([
      ["api_key", 1],
      ["tenant", 1],
    ]);
  });

  it("counts nothing when both limits are 0, and only the limit that is on otherwise", async () => {
    vi.stubEnv("RATE_LIMIT_PER_KEY", "0");
    vi.stubEnv("RATE_LIMIT_PER_TENANT", "0");
    const tenant = await makeTenant();
    const key = await memberKey(tenant);
    expect(count(await statuses(Array.from({ length: 40 }, () => () => smsto(key))), 200)).toBe(40);
    expect(await counters(tenant)).toEqual([]);

    await startOfFreshWindow();
    vi.stubEnv("RATE_LIMIT_PER_TENANT", String(PER_TENANT));
    const open = await sequentially(PER_TENANT + 1, () => smsto(key));
    expect(count(open, 200)).toBe(PER_TENANT);
    expect(open.at(-1)).toBe(429);
  });

  it("keeps its counters in an UNLOGGED table, and the sweeper deletes those of idle keys", async () => {
    const [{ persistence }] = await prisma.$queryRaw<{ persistence: string }[]>`
      SELECT relpersistence::text AS persistence FROM pg_class WHERE relname = 'api_rate_count'`;
    expect(persistence).toBe("u");

    const idle = await makeTenant();
    const busy = await makeTenant();
    expect((await smsto(await memberKey(idle))).status).toBe(200);
    expect((await smsto(await memberKey(busy))).status).toBe(200);
    await prisma.$executeRaw`UPDATE api_rate_count SET window_start = window_start - interval '2 hours' WHERE tenant_id = ${idle.tenantId}`;
    expect(await deleteIdleRateCounts()).toBeGreaterThanOrEqual(2);
    expect(await counters(idle)).toEqual([]);
    expect(await counters(busy)).toHaveLength(2);
  });
});
