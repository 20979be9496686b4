// The statistics equal a recount of the message log: across a month boundary and UTC day boundaries, through a
// three-level tree (a partner's row includes its children), with statuses moved by receipts and a refund.
import { describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/client";
import { credit, fundMaster, makeChild, makeTenant, type TestTenant } from "@/lib/testing/factories";
import { sendAt, setStatusAt as setStatus } from "@/lib/testing/backdated-messages";
import { getCountryBreakdown, getDailySeries, getMemberStats, getStatsTotals, getStatusBreakdown, listMemberStats } from "./queries";

type Recount = { messages: number; segments: number; cost: bigint; delivered: number; failed: number };

async function recount(tenant: TestTenant, where: { from: string; to: string; rootId: number }): Promise<Map<string, Recount>> {
  const rows = await prisma.$queryRaw<{ key: string; messages: bigint; segments: bigint; cost: bigint; delivered: bigint; failed: bigint }[]>`
    SELECT (m.created_at AT TIME ZONE 'UTC')::date::text AS key, count(*) AS messages, sum(m.segments) AS segments,
      sum(CASE WHEN m.refund_transfer_id IS NULL THEN m.price ELSE 0 END)::bigint AS cost,
      count(*) FILTER (WHERE m.status = 'delivered') AS delivered, count(*) FILTER (WHERE m.status = 'failed') AS failed
    FROM message m JOIN account a ON a.tenant_id = m.tenant_id AND a.id = m.account_id
    WHERE m.tenant_id = ${tenant.tenantId} AND a.path @> ARRAY[${where.rootId}]::int[]
      AND (m.created_at AT TIME ZONE 'UTC')::date BETWEEN ${where.from}::date AND ${where.to}::date
    GROUP BY 1`;
  return new Map(rows.map((r) => [r.key, { messages: Number(r.messages), segments: Number(r.segments), cost: r.cost, delivered: Number(r.delivered), failed: Number(r.failed) }]));
}

describe("statistics", () => {
  it("equal a recount of the log by UTC day, across a month boundary, per member and per subtree", async () => {
    const tenant = await makeTenant();
    await fundMaster(tenant, 1_000_000_000n);
    const partner = await makeChild(tenant, { name: "Partner", isPartner: true });
    const shop = await makeChild(tenant, { name: "Shop", parentId: partner.id });
    const solo = await makeChild(tenant, { name: "Solo" });
    for (const id of [partner.id, solo.id]) await credit(tenant, id, 100_000_000n);
    await credit(tenant, shop.id, 50_000_000n);

    // 23:59:59 UTC on the last day of January is January; 19:30 in New York on that day is already February in UTC
    const jan = await sendAt(tenant, shop.id, "2026-01-31T23:59:59Z", "CY", 3);
    const feb = await sendAt(tenant, shop.id, "2026-01-31T19:30:00-05:00", "DE", 2);
    const own = await sendAt(tenant, partner.id, "2026-02-01T08:00:00Z", "GB", 4);
    const soloIds = await sendAt(tenant, solo.id, "2026-02-02T12:00:00Z", "CY", 5);
    await setStatus(tenant, [...jan, ...own.slice(0, 2)], "delivered", "2026-02-01T09:00:00Z");
    await setStatus(tenant, [feb[0], soloIds[0]], "failed", "2026-02-02T13:00:00Z");
    await setStatus(tenant, soloIds.slice(1, 3), "sent", "2026-02-02T13:00:00Z");

    const range = { from: "2026-01-31", to: "2026-02-02", days: 3 };
    const series = await getDailySeries(tenant.owner, tenant.masterAccountId, range);
    const expected = await recount(tenant, { ...range, rootId: tenant.masterAccountId });
    expect(series.map((p) => p.day)).toEqual(["2026-01-31", "2026-02-01", "2026-02-02"]);
    for (const point of series) {
      const want = expected.get(point.day) ?? { messages: 0, segments: 0, cost: 0n, delivered: 0, failed: 0 };
      expect({ ...point, day: undefined }).toEqual({ ...want, day: undefined });
    }
    expect(series.map((p) => p.messages)).toEqual([3, 6, 5]);

    // February only: the January messages drop out
    const february = await getStatsTotals(tenant.owner, tenant.masterAccountId, { from: "2026-02-01", to: "2026-02-28", days: 28 });
    expect(february).toMatchObject({ messages: 11, delivered: 2, failed: 2, deliveryRate: 0.5 });

    // per member: the partner's row holds its own traffic and the shop's, the solo row its own
    const members = await getMemberStats(tenant.owner, tenant.masterAccountId, range);
    const partnerRow = members.find((m) => m.accountId === partner.id)!;
    const soloRow = members.find((m) => m.accountId === solo.id)!;
    expect(partnerRow).toMatchObject({ messages: 9, delivered: 5, failed: 1, isSelf: false, isPartner: true });
    expect(soloRow).toMatchObject({ messages: 5, failed: 1 });
    expect(partnerRow.share + soloRow.share).toBeCloseTo(1, 3);
    const total = await getStatsTotals(tenant.owner, tenant.masterAccountId, range);
    expect(partnerRow.cost + soloRow.cost).toBe(total.cost);

    // inside the partner: its own row and the shop's; and one member chosen
    const inside = await getMemberStats(tenant.owner, partner.id, range);
    expect(inside.map((m) => [m.name, m.isSelf, m.messages]).sort()).toEqual([["Partner", true, 4], ["Shop", false, 5]]);
    const shopOnly = await getStatsTotals(tenant.owner, tenant.masterAccountId, range, shop.id);
    expect(shopOnly.messages).toBe(5);

    const statuses = await getStatusBreakdown(tenant.owner, tenant.masterAccountId, range);
    expect(Object.fromEntries(statuses.map((s) => [s.status, s.messages]))).toEqual({ delivered: 5, failed: 2, queued: 5, sent: 2 });
    const countries = await getCountryBreakdown(tenant.owner, tenant.masterAccountId, range);
    expect(countries.map((c) => [c.country, c.messages])).toEqual([["CY", 8], ["GB", 4], ["DE", 2]]);
  });

  it("keeps the tenant and month folds equal to a recount, and reads whole months minus the days outside a range", async () => {
    const tenant = await makeTenant();
    await fundMaster(tenant, 1_000_000_000n);
    const alpha = await makeChild(tenant, { name: "alpha" });
    const beta = await makeChild(tenant, { name: "Beta", isPartner: true });
    const below = await makeChild(tenant, { name: "Below", parentId: beta.id });
    for (const m of [alpha, beta]) await credit(tenant, m.id, 100_000_000n);
    await credit(tenant, below.id, 20_000_000n);
    // the range is 2026-01-02 .. 2026-02-27: January 1 and February 28 lie outside it, in months it mostly covers
    const outside = [...(await sendAt(tenant, alpha.id, "2026-01-01T10:00:00Z", "CY", 2)), ...(await sendAt(tenant, below.id, "2026-02-28T23:00:00Z", "DE", 3))];
    const inside = [
      ...(await sendAt(tenant, alpha.id, "2026-01-02T00:00:00Z", "CY", 1)),
      ...(await sendAt(tenant, beta.id, "2026-01-20T12:00:00Z", "GB", 4)),
      ...(await sendAt(tenant, below.id, "2026-02-27T23:59:59Z", "DE", 2)),
    ];
    await sendAt(tenant, alpha.id, "2026-03-01T00:00:00Z", "CY", 1);
    await setStatus(tenant, [outside[0], inside[0], inside[1]], "delivered", "2026-03-02T00:00:00Z");
    await setStatus(tenant, [outside[2], inside[5]], "failed", "2026-03-02T00:00:00Z");

    // the folds, row for row, against the log
    const tenantFoldDiff = await prisma.$queryRaw<unknown[]>`
      (SELECT day, country, status, messages, segments, cost FROM message_stats_tenant_day WHERE tenant_id = ${tenant.tenantId} AND messages > 0
       EXCEPT
       SELECT (created_at AT TIME ZONE 'UTC')::date, country, status, count(*)::int, sum(segments)::int,
         sum(CASE WHEN refund_transfer_id IS NULL THEN price ELSE 0 END)::bigint
       FROM message WHERE tenant_id = ${tenant.tenantId} GROUP BY 1, 2, 3)
      UNION ALL
      (SELECT (created_at AT TIME ZONE 'UTC')::date, country, status, count(*)::int, sum(segments)::int,
         sum(CASE WHEN refund_transfer_id IS NULL THEN price ELSE 0 END)::bigint
       FROM message WHERE tenant_id = ${tenant.tenantId} GROUP BY 1, 2, 3
       EXCEPT
       SELECT day, country, status, messages, segments, cost FROM message_stats_tenant_day WHERE tenant_id = ${tenant.tenantId} AND messages > 0)`;
    expect(tenantFoldDiff).toEqual([]);
    const monthFoldDiff = await prisma.$queryRaw<unknown[]>`
      SELECT * FROM (
        SELECT account_id, month, messages, segments, cost, delivered, failed FROM message_stats_account_month WHERE tenant_id = ${tenant.tenantId}
      ) f FULL JOIN (
        SELECT account_id, date_trunc('month', created_at AT TIME ZONE 'UTC')::date AS month, count(*)::int AS messages, sum(segments)::int AS segments,
          sum(CASE WHEN refund_transfer_id IS NULL THEN price ELSE 0 END)::bigint AS cost,
          (count(*) FILTER (WHERE status = 'delivered'))::int AS delivered, (count(*) FILTER (WHERE status = 'failed'))::int AS failed
        FROM message WHERE tenant_id = ${tenant.tenantId} GROUP BY 1, 2
      ) r USING (account_id, month)
      WHERE f IS DISTINCT FROM r`;
    expect(monthFoldDiff).toEqual([]);

    // the master's member table over the range: months read whole, January 1 and February 28 taken off
    const range = { from: "2026-01-02", to: "2026-02-27", days: 57 };
    const rows = await getMemberStats(tenant.owner, tenant.masterAccountId, range);
    expect(rows.map((r) => [r.name, r.messages, r.delivered, r.failed])).toEqual([
      ["Beta", 6, 1, 1],
      ["alpha", 1, 1, 0],
    ]);
    const total = await getStatsTotals(tenant.owner, tenant.masterAccountId, range);
    expect(rows.reduce((sum, r) => sum + r.cost, 0n)).toBe(total.cost);
    expect(total.messages).toBe(7);

    // sorted and paged in SQL; ties and names in JavaScript's localeCompare order (alpha before Beta)
    const byName = await listMemberStats(tenant.owner, tenant.masterAccountId, range, { sort: { key: "name", descending: false } });
    expect(byName.rows.map((r) => r.name)).toEqual(["alpha", "Beta"]);
    const secondPage = await listMemberStats(tenant.owner, tenant.masterAccountId, range, { sort: { key: "messages", descending: true }, limit: 1, offset: 1 });
    expect(secondPage).toMatchObject({ total: 2, totalCost: total.cost });
    expect(secondPage.rows.map((r) => r.name)).toEqual(["alpha"]);
    const pastTheEnd = await listMemberStats(tenant.owner, tenant.masterAccountId, range, { limit: 1, offset: 5 });
    expect(pastTheEnd).toEqual({ rows: [], total: 2, totalCost: total.cost });
    const byDelivery = await listMemberStats(tenant.owner, tenant.masterAccountId, range, { sort: { key: "delivery", descending: true } });
    expect(byDelivery.rows.map((r) => [r.name, r.deliveryRate])).toEqual([["alpha", 1], ["Beta", 0.5]]);
  });

  it("hides another branch: a member's view is its own subtree, a foreign member is not found", async () => {
    const tenant = await makeTenant();
    const a = await makeChild(tenant, { isPartner: true });
    const b = await makeChild(tenant);
    const viewer = { tenantId: tenant.tenantId, accountId: a.id };
    await expect(getStatsTotals(viewer, b.id, { from: "2026-01-01", to: "2026-01-31", days: 31 })).rejects.toThrow("Account not found.");
    await expect(getStatsTotals(viewer, a.id, { from: "2026-01-01", to: "2026-01-31", days: 31 }, b.id)).rejects.toThrow("Member not found.");
  });
});
