// GET /api/v1/accounts/{id}/statistics, called as Next calls it (a Request in, a Response out) against the real
// database: the figures of each grouping, money as decimal strings, the subtree boundary and the 4xx answers.
import { afterAll, describe, expect, it } from "vitest";
import { stopQueue } from "@/lib/jobs/boss";
import { createApiKey } from "@/lib/domain/api-keys/create-api-key";
import { credit, fundMaster, makeChild, makeTenant } from "@/lib/testing/factories";
import { sendAt, setStatusAt as deliver } from "@/lib/testing/backdated-messages";
import { parseMoney } from "@/lib/money";
import * as statistics from "@/app/api/v1/accounts/[id]/statistics/route";

afterAll(() => stopQueue());

const BASE = "http://subledger.test";
function get(accountId: number | string, query: string, key: string | null) {
  const headers: Record<string, string> = { accept: "application/json" };
  if (key) headers.authorization = `Bearer ${key}`;
  const request = new Request(`${BASE}/api/v1/accounts/${accountId}/statistics${query}`, { headers });
  return statistics.GET(request, { params: Promise.resolve({ id: String(accountId) }) });
}

/** A tree with traffic on 10 and 12 January 2026: a partner and its shop, a solo member, the master itself. */
async function trafficTree() {
  const tenant = await makeTenant();
  await fundMaster(tenant, 1_000_000_000n);
  const partner = await makeChild(tenant, { name: "Partner", isPartner: true });
  const shop = await makeChild(tenant, { name: "Shop", parentId: partner.id });
  const solo = await makeChild(tenant, { name: "Solo" });
  await credit(tenant, partner.id, 100_000_000n);
  await credit(tenant, shop.id, 50_000_000n);
  await credit(tenant, solo.id, 100_000_000n);
  const shopIds = await sendAt(tenant, shop.id, "2026-01-10T23:59:59Z", "CY", 3);
  await sendAt(tenant, partner.id, "2026-01-12T00:00:00Z", "GB", 2);
  const soloIds = await sendAt(tenant, solo.id, "2026-01-12T10:00:00Z", "CY", 4);
  await sendAt(tenant, tenant.masterAccountId, "2026-01-12T11:00:00Z", "CY", 1);
  await sendAt(tenant, solo.id, "2026-01-13T00:00:00Z", "CY", 7); // the day after the range
  await deliver(tenant, shopIds, "delivered", "2026-01-11T00:00:05Z");
  await deliver(tenant, soloIds.slice(0, 1), "failed", "2026-01-12T10:00:05Z"); // refunded: counts at no cost
  const key = (await createApiKey({ ctx: tenant.owner, input: { accountId: tenant.masterAccountId, name: "stats" } })).plaintext;
  return { tenant, partner, shop, solo, key };
}

const RANGE = "?from=2026-01-10&to=2026-01-12";

describe("GET /api/v1/accounts/{id}/statistics", () => {
  it("answers totals and every direct member rolled up in one call, money as decimal strings", async () => {
    const { tenant, partner, solo, key } = await trafficTree();
    const res = await get(tenant.masterAccountId, `${RANGE}&group_by=member`, key);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({
      account_id: tenant.masterAccountId, from: "2026-01-10", to: "2026-01-12", days: 3, currency: "EUR", group_by: "member",
      // 10 messages; the failed one is refunded, so 9 are paid at 0.045 (the GB price differs: checked per member)
      totals: { messages: 10, segments: 10, delivered: 3, failed: 1, delivery_rate: 0.75 },
    });
    const byName = Object.fromEntries(body.groups.map((g: { name: string; is_own_traffic: boolean }) => [g.is_own_traffic ? "(own)" : g.name, g]));
    expect(Object.keys(byName).sort()).toEqual(["(own)", "Partner", "Solo"]);
    // the partner's row holds its own 2 and its shop's 3
    expect(byName.Partner).toMatchObject({ account_id: partner.id, is_partner: true, is_own_traffic: false, messages: 5, delivered: 3, failed: 0, delivery_rate: 1 });
    expect(byName.Solo).toMatchObject({ account_id: solo.id, messages: 4, failed: 1, cost: "0.135", delivery_rate: 0 });
    expect(byName["(own)"]).toMatchObject({ account_id: tenant.masterAccountId, messages: 1, cost: "0.045" });
    for (const g of body.groups) expect(g.cost).toMatch(/^\d+(\.\d{1,6})?$/);
    const micro = (s: string) => {
      const parsed = parseMoney(s);
      if (!parsed.ok) throw new Error(parsed.error);
      return parsed.micro;
    };
    expect(body.groups.reduce((sum: bigint, g: { cost: string }) => sum + micro(g.cost), 0n)).toBe(micro(body.totals.cost));
    expect(body.groups.reduce((sum: number, g: { share: number }) => sum + g.share, 0)).toBeCloseTo(1, 3);
  });

  it("groups by day (every day of the range, zeros included), country and status; without group_by only totals", async () => {
    const { tenant, key } = await trafficTree();
    const days = await (await get(tenant.masterAccountId, `${RANGE}&group_by=day`, key)).json();
    expect(days.groups.map((d: { day: string; messages: number }) => [d.day, d.messages])).toEqual([["2026-01-10", 3], ["2026-01-11", 0], ["2026-01-12", 7]]);
    expect(days.groups[1]).toEqual({ day: "2026-01-11", messages: 0, segments: 0, cost: "0", delivered: 0, failed: 0, delivery_rate: null });

    const countries = await (await get(tenant.masterAccountId, `${RANGE}&group_by=country`, key)).json();
    expect(countries.groups.map((c: { country: string; messages: number }) => [c.country, c.messages])).toEqual([["CY", 8], ["GB", 2]]);

    const statuses = await (await get(tenant.masterAccountId, `${RANGE}&group_by=status`, key)).json();
    expect(Object.fromEntries(statuses.groups.map((s: { status: string; messages: number }) => [s.status, s.messages]))).toEqual({ delivered: 3, failed: 1, queued: 6 });
    expect(statuses.groups.find((s: { status: string }) => s.status === "failed").cost).toBe("0");

    const plain = await (await get(tenant.masterAccountId, RANGE, key)).json();
    expect(plain).toMatchObject({ group_by: null, groups: [], totals: { messages: 10 } });
    // the default range is the last 30 days up to today (UTC)
    const recent = await (await get(tenant.masterAccountId, "", key)).json();
    expect(recent).toMatchObject({ to: new Date().toISOString().slice(0, 10), days: 30, totals: { messages: 0 } });
  });

  it("answers for a member's subtree, and 404 for an account outside the key's subtree or another tenant's", async () => {
    const { tenant, partner, solo, key } = await trafficTree();
    const inside = await (await get(partner.id, `${RANGE}&group_by=member`, key)).json();
    expect(inside.totals.messages).toBe(5);
    expect(inside.groups.map((g: { name: string; is_own_traffic: boolean }) => [g.name, g.is_own_traffic]).sort()).toEqual([["Partner", true], ["Shop", false]]);

    const partnerKey = (await createApiKey({ ctx: tenant.owner, input: { accountId: partner.id, name: "partner" } })).plaintext;
    for (const id of [solo.id, tenant.masterAccountId]) {
      const res = await get(id, RANGE, partnerKey);
      expect(res.status).toBe(404);
      expect((await res.json()).error.code).toBe("not_found");
    }
    const other = await makeTenant();
    expect((await get(other.masterAccountId, RANGE, key)).status).toBe(404);
    expect((await get("abc", RANGE, key)).status).toBe(404);
    expect((await get(tenant.masterAccountId, RANGE, null)).status).toBe(401);
  });

  it("refuses a bad group_by or range with 422 naming the field", async () => {
    const { tenant, key } = await trafficTree();
    const cases: [string, string][] = [
      ["?group_by=week", "group_by"],
      ["?from=2026-01-12&to=2026-01-10", "from"],
      ["?from=2026-02-30", "from"],
      ["?to=12/01/2026", "to"],
      ["?from=2024-01-01&to=2026-01-01", "from"],
    ];
    for (const [query, field] of cases) {
      const res = await get(tenant.masterAccountId, query, key);
      expect(res.status, query).toBe(422);
      const { error } = await res.json();
      expect(error.code).toBe("validation_failed");
      expect(Object.keys(error.details), query).toContain(field);
    }
  });
});
