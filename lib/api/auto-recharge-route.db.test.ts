// GET/PUT/DELETE /api/v1/accounts/{id}/auto-recharge, called as Next calls them (a Request in, a Response out),
// against the real database: wire shapes, status codes, validation under the wire's names, who may do what.
import { afterAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/client";
import { stopQueue } from "@/lib/jobs/boss";
import { createApiKey } from "@/lib/domain/api-keys/create-api-key";
import { listMembers } from "@/lib/domain/members/queries";
import { listMembersQuerySchema } from "@/lib/domain/members/list-members-schema";
import { balanceOf, credit, fundMaster, makeChild, makeTenant, type TestTenant } from "@/lib/testing/factories";
import * as autoRecharge from "@/app/api/v1/accounts/[id]/auto-recharge/route";
import * as nativeMessages from "@/app/api/v1/messages/route";

afterAll(() => stopQueue());

const BASE = "http://subledger.test";
const EUR = 1_000_000n;

function request(path: string, key: string | null, init: { method?: string; body?: unknown } = {}) {
  const headers: Record<string, string> = { "content-type": "application/json", accept: "application/json" };
  if (key) headers.authorization = `Bearer ${key}`;
  const body = init.body === undefined ? undefined : typeof init.body === "string" ? init.body : JSON.stringify(init.body);
  return new Request(`${BASE}${path}`, { method: init.method ?? "GET", headers, body });
}

const params = (id: number | string) => ({ params: Promise.resolve({ id: String(id) }) });
const path = (id: number | string) => `/api/v1/accounts/${id}/auto-recharge`;

const get = (key: string | null, id: number | string) => autoRecharge.GET(request(path(id), key), params(id));
const put = (key: string | null, id: number | string, body: unknown) => autoRecharge.PUT(request(path(id), key, { method: "PUT", body }), params(id));
const del = (key: string | null, id: number | string) => autoRecharge.DELETE(request(path(id), key, { method: "DELETE" }), params(id));

async function masterKey(tenant: TestTenant) {
  return (await createApiKey({ ctx: tenant.owner, input: { accountId: tenant.masterAccountId, name: "master" } })).plaintext;
}

const ruleCount = (tenant: TestTenant) => prisma.autoRechargeRule.count({ where: { tenantId: tenant.tenantId } });

describe("native auto-recharge API", () => {
  it("PUT creates and replaces a member's rule, GET reads it, DELETE removes it (then GET is 404)", async () => {
    const tenant = await makeTenant();
    const key = await masterKey(tenant);
    const member = await makeChild(tenant);

    const created = await put(key, member.id, { threshold: "5.00", amount: "20.00", max_per_day: 3 });
    expect(created.status).toBe(200);
    expect(await created.json()).toMatchObject({
      account_id: member.id, enabled: true, threshold: "5", mode: "fixed", amount: "20", target: null, max_per_day: 3, max_amount_per_day: null,
    });

    const read = await get(key, member.id);
    expect(read.status).toBe(200);
    expect(read.headers.get("cache-control")).toBe("no-store");
    const rule = await read.json();
    expect(rule).toMatchObject({ account_id: member.id, threshold: "5", amount: "20", max_per_day: 3 });
    expect(Date.parse(rule.created_at)).not.toBeNaN();

    // a PUT replaces the whole rule: left-out limits are gone, the other way of refilling is cleared
    const replaced = await put(key, member.id, { enabled: false, threshold: "2.5", target: "50.125", max_amount_per_day: "100" });
    expect(replaced.status).toBe(200);
    expect(await replaced.json()).toMatchObject({
      enabled: false, threshold: "2.5", mode: "top_up", amount: null, target: "50.125", max_per_day: null, max_amount_per_day: "100",
    });
    const stored = await prisma.autoRechargeRule.findUniqueOrThrow({ where: { tenantId_accountId: { tenantId: tenant.tenantId, accountId: member.id } } });
    expect(stored).toMatchObject({ enabled: false, threshold: 2_500_000n, amount: null, target: 50_125_000n, maxPerDay: null, maxAmountPerDay: 100n * EUR });

    // a GET body sent back as it is (with its read-only fields) is a valid PUT
    const roundTrip = await put(key, member.id, await (await get(key, member.id)).json());
    expect(roundTrip.status).toBe(200);

    const removed = await del(key, member.id);
    expect(removed.status).toBe(204);
    expect(await removed.text()).toBe("");
    const missing = await get(key, member.id);
    expect(missing.status).toBe(404);
    expect((await missing.json()).error).toMatchObject({ code: "not_found", message: "This account has no auto-recharge rule." });
    expect((await del(key, member.id)).status).toBe(204); // removing nothing is fine
  });

  it("refuses invalid rules with 422 and details under the wire's field names, saving nothing", async () => {
    const tenant = await makeTenant();
    const key = await masterKey(tenant);
    const member = await makeChild(tenant);
    const refused = async (body: unknown) => {
      const res = await put(key, member.id, body);
      expect(res.status).toBe(422);
      const { error } = await res.json();
      expect(error.code).toBe("validation_failed");
      return error.details as Record<string, string[]>;
    };

    expect(await refused({ threshold: "5", amount: "20", target: "50" })).toEqual({
      target: ['Send exactly one of "amount" (a fixed recharge) and "target" (top up to that balance).'],
    });
    expect(Object.keys(await refused({ threshold: "5" }))).toEqual(["amount"]);
    expect(await refused({ threshold: 5, amount: "20" })).toEqual({ threshold: ['Send money as a decimal string, e.g. "5.00".'] });
    expect(await refused({ threshold: "5", target: "5" })).toEqual({ target: ["The target must be above the threshold."] });
    expect(await refused({ threshold: "-1", amount: "0" })).toEqual({ threshold: ["The amount must be positive."], amount: ["The amount must be positive."] });
    expect(await refused({ threshold: "5", amount: "1.1234567" })).toEqual({ amount: ["Use at most 6 decimals."] });
    expect(await refused({ threshold: "5", amount: "20", max_per_day: 0, max_amount_per_day: "0" })).toEqual({
      max_per_day: ["The daily limit must be at least 1."],
      max_amount_per_day: ["The amount must be positive."],
    });
    expect(Object.keys(await refused({ threshold: "5", amount: "20", max_per_day: 1.5 }))).toEqual(["max_per_day"]);

    const notJson = await put(key, member.id, "{");
    expect(notJson.status).toBe(400);
    expect((await notJson.json()).error.code).toBe("invalid_json");
    expect(await ruleCount(tenant)).toBe(0);
  });

  it("answers 401 without a key, 404 for another tenant's or a malformed id, 422 for the master, 403 for the member's own key", async () => {
    const tenant = await makeTenant();
    const key = await masterKey(tenant);
    const member = await makeChild(tenant);
    const memberKey = (await createApiKey({ ctx: tenant.owner, input: { accountId: member.id, name: "member" } })).plaintext;
    const body = { threshold: "5", amount: "20" };

    const noKey = await put(null, member.id, body);
    expect(noKey.status).toBe(401);
    expect(noKey.headers.get("www-authenticate")).toContain("Bearer");

    const other = await makeTenant();
    const foreign = await makeChild(other);
    await put(await masterKey(other), foreign.id, body);
    for (const res of [await put(key, foreign.id, body), await get(key, foreign.id), await del(key, foreign.id), await get(key, "abc"), await put(key, "0", body)]) {
      expect(res.status).toBe(404);
      expect((await res.json()).error.code).toBe("not_found");
    }
    expect(await prisma.autoRechargeRule.count({ where: { tenantId: other.tenantId } })).toBe(1); // the DELETE did not reach it

    const master = await put(key, tenant.masterAccountId, body);
    expect(master.status).toBe(422);
    expect((await master.json()).error.message).toMatch(/master account cannot auto-recharge/);

    // the member's own key acts for the member, but its rule spends the parent's money
    const own = await put(memberKey, member.id, body);
    expect(own.status).toBe(403);
    expect((await own.json()).error.code).toBe("forbidden");
    expect((await del(memberKey, member.id)).status).toBe(403);
    expect(await ruleCount(tenant)).toBe(0);

    // reading its own rule is fine
    await put(key, member.id, body);
    expect((await get(memberKey, member.id)).status).toBe(200);
  });

  it("a rule set through the API refills the member inside the send that leaves it low", async () => {
    const tenant = await makeTenant();
    const key = await masterKey(tenant);
    const member = await makeChild(tenant);
    await fundMaster(tenant, 10n * EUR);
    await credit(tenant, member.id, 100_000n); // €0.10
    const memberKey = (await createApiKey({ ctx: tenant.owner, input: { accountId: member.id, name: "member" } })).plaintext;
    expect((await put(key, member.id, { threshold: "0.08", amount: "1" })).status).toBe(200);

    const sent = await nativeMessages.POST(request("/api/v1/messages", memberKey, { method: "POST", body: { to: "+35799123456", message: "hi" } }));
    expect(sent.status).toBe(201);
    const { price } = await sent.json();
    expect(price).toBe("0.045");
    expect(await balanceOf(tenant, member.id)).toBe(100_000n - 45_000n + EUR);
    const transfers = await prisma.transfer.findMany({ where: { tenantId: tenant.tenantId, kind: "auto_recharge" } });
    expect(transfers).toMatchObject([{ fromAccountId: tenant.masterAccountId, toAccountId: member.id, amount: EUR }]);
  });

  it("the team list carries each member's rule in short, for its indicator", async () => {
    const tenant = await makeTenant();
    const key = await masterKey(tenant);
    const [fixed, topUp, paused, none] = await Promise.all([makeChild(tenant), makeChild(tenant), makeChild(tenant), makeChild(tenant)]);
    await put(key, fixed.id, { threshold: "5", amount: "20" });
    await put(key, topUp.id, { threshold: "5", target: "50" });
    await put(key, paused.id, { enabled: false, threshold: "1", amount: "2" });
    const { rows } = await listMembers(tenant.owner, tenant.masterAccountId, listMembersQuerySchema.parse({}));
    const byId = new Map(rows.map((r) => [r.id, r.autoRecharge]));
    expect(byId.get(fixed.id)).toEqual({ enabled: true, threshold: "5000000", amount: "20000000", target: null });
    expect(byId.get(topUp.id)).toEqual({ enabled: true, threshold: "5000000", amount: null, target: "50000000" });
    expect(byId.get(paused.id)).toEqual({ enabled: false, threshold: "1000000", amount: "2000000", target: null });
    expect(byId.get(none.id)).toBeNull();
  });
});
