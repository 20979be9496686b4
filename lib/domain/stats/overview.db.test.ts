// The Overview panels against the real database: who is low on money or near the monthly limit (alert
// thresholds, the prepaid default, the month boundary, the subtree), what accrued to invoice this month in an
// all-postpaid tree (refunds deducted, last month left out), and the panels as one call.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/client";
import { setBalanceAlert } from "@/lib/domain/recharge/set-balance-alert";
import { credit, fundMaster, makeChild, makeTenant, type TestTenant } from "@/lib/testing/factories";
import {
  getOverviewPanels,
  isPostpaidTree,
  listLowBalanceMembers,
  listNearLimitMembers,
  monthStartOf,
  sumAccruedThisMonth,
} from "./overview";

const CY = "+35799123456";
const CY_PRICE = 45_000n;

/** Sends `count` one-segment messages to Cyprus from `accountId`, dated `at` (the seed's backfill path). */
async function sendAt(tenant: TestTenant, accountId: number, at: string, count = 1) {
  const item = {
    ord: 0, tenant_id: tenant.tenantId, account_id: accountId, api_key_id: null, actor_user_id: null, batch_id: randomUUID(),
    idempotency_key: null, request_hash: randomUUID(), sender_id: "Overview", callback_url: null, memo: "overview test",
    messages: Array.from({ length: count }, (_, i) => ({ ord: i, recipient: CY, country: "CY", body: "hi", encoding: "gsm7", segments: 1 })),
  };
  return prisma.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT set_config('subledger.backfill', 'on', true)`;
    const rows = await tx.$queryRaw<{ message_id: bigint; error_code: string | null }[]>`SELECT message_id, error_code FROM messaging_send(${JSON.stringify([item])}::jsonb, ${at}::timestamptz)`;
    if (rows[0]?.error_code) throw new Error(rows[0].error_code);
    return rows.map((r) => r.message_id);
  });
}

async function failAt(tenant: TestTenant, ids: bigint[], at: string) {
  await prisma.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT set_config('subledger.backfill', 'on', true)`;
    await tx.$queryRaw`SELECT 1 FROM messaging_set_status(${tenant.tenantId}, ${JSON.stringify(ids.map((id) => ({ id: String(id), status: "failed" })))}::jsonb, ${at}::timestamptz)`;
  });
}

async function usage(tenant: TestTenant, accountId: number, month: string, messages: number) {
  await prisma.monthlyUsage.create({ data: { tenantId: tenant.tenantId, accountId, month: new Date(`${month}T00:00:00Z`), messages } });
}

const names = (rows: { name: string }[]) => rows.map((r) => r.name);

describe("overview panels", () => {
  it("lists members below their alert, or prepaid under 1.00 without one, lowest first, across the subtree", async () => {
    const tenant = await makeTenant();
    await fundMaster(tenant, 1_000_000_000n);
    const partner = await makeChild(tenant, { name: "Partner", isPartner: true });
    const dry = await makeChild(tenant, { name: "Dry" }); // prepaid, 0.50, no alert: low by default
    const alerted = await makeChild(tenant, { name: "Alerted" }); // 5.00 under its 10.00 alert: low
    const comfy = await makeChild(tenant, { name: "Comfy" }); // 5.00, no alert: fine
    const above = await makeChild(tenant, { name: "Above" }); // 50.00 over its 10.00 alert: fine
    await makeChild(tenant, { name: "Postpaid", paymentModel: "postpaid" }); // 0, postpaid, no alert: fine
    const deep = await makeChild(tenant, { name: "Deep", parentId: partner.id }); // 0 under a partner: low
    const closed = await makeChild(tenant, { name: "Closed" });
    await credit(tenant, partner.id, 20_000_000n);
    await credit(tenant, dry.id, 500_000n);
    await credit(tenant, alerted.id, 5_000_000n);
    await credit(tenant, comfy.id, 5_000_000n);
    await credit(tenant, above.id, 50_000_000n);
    for (const id of [alerted.id, above.id]) {
      await setBalanceAlert({ ctx: tenant.owner, input: { accountId: id, threshold: 10_000_000n, notifyMembers: false } });
    }
    await prisma.account.update({ where: { tenantId_id: { tenantId: tenant.tenantId, id: closed.id } }, data: { status: "closed" } });

    const low = await listLowBalanceMembers(tenant.owner, tenant.masterAccountId);
    expect(low.total).toBe(3);
    expect(low.rows).toEqual([
      { accountId: deep.id, name: "Deep", balance: 0n, paymentModel: "prepaid", alertThreshold: null },
      { accountId: dry.id, name: "Dry", balance: 500_000n, paymentModel: "prepaid", alertThreshold: null },
      { accountId: alerted.id, name: "Alerted", balance: 5_000_000n, paymentModel: "prepaid", alertThreshold: 10_000_000n },
    ]);
    const firstTwo = await listLowBalanceMembers(tenant.owner, tenant.masterAccountId, 2);
    expect({ names: names(firstTwo.rows), total: firstTwo.total }).toEqual({ names: ["Deep", "Dry"], total: 3 });
    // from the partner: only what lies below it, never the partner itself
    expect(names((await listLowBalanceMembers(tenant.owner, partner.id)).rows)).toEqual(["Deep"]);
    expect((await listLowBalanceMembers({ tenantId: tenant.tenantId, accountId: deep.id }, deep.id)).total).toBe(0);
  });

  it("lists members at 80 % or more of their monthly limit this month (UTC), the fullest first", async () => {
    const tenant = await makeTenant();
    const now = new Date("2026-03-01T00:30:00Z");
    const month = monthStartOf(now);
    expect(month).toBe("2026-03-01");
    const partner = await makeChild(tenant, { name: "Partner", isPartner: true });
    const at80 = await makeChild(tenant, { name: "At 80", monthlyVolumeLimit: 10 });
    const full = await makeChild(tenant, { name: "Full", monthlyVolumeLimit: 1000, parentId: partner.id });
    const at79 = await makeChild(tenant, { name: "At 79", monthlyVolumeLimit: 100 });
    const lastMonth = await makeChild(tenant, { name: "Last month", monthlyVolumeLimit: 10 });
    const unlimited = await makeChild(tenant, { name: "Unlimited" });
    await usage(tenant, at80.id, month, 8);
    await usage(tenant, full.id, month, 1000);
    await usage(tenant, at79.id, month, 79);
    await usage(tenant, lastMonth.id, "2026-02-01", 10);
    await usage(tenant, unlimited.id, month, 1_000_000);

    const near = await listNearLimitMembers(tenant.owner, tenant.masterAccountId, now);
    expect(near).toEqual({
      rows: [
        { accountId: full.id, name: "Full", used: 1000, limit: 1000 },
        { accountId: at80.id, name: "At 80", used: 8, limit: 10 },
      ],
      total: 2,
    });
    // a minute earlier it is still February: only February's usage counts
    expect(names((await listNearLimitMembers(tenant.owner, tenant.masterAccountId, new Date("2026-02-28T23:59:00Z"))).rows)).toEqual(["Last month"]);
    expect(names((await listNearLimitMembers(tenant.owner, partner.id, now)).rows)).toEqual(["Full"]);
  });

  it("sums this month's charges on postpaid accounts, refunds deducted, only where the whole path is postpaid", async () => {
    const tenant = await makeTenant();
    // a prepaid master pays for every postpaid member: nothing accrues to invoice
    const prepaidTree = await makeChild(tenant, { name: "Postpaid under a prepaid master", paymentModel: "postpaid" });
    expect(await isPostpaidTree(tenant.owner, tenant.masterAccountId)).toBe(false);
    expect(await isPostpaidTree(tenant.owner, prepaidTree.id)).toBe(false);
    expect((await getOverviewPanels(tenant.owner, tenant.masterAccountId)).accruedThisMonth).toBeNull();

    await prisma.account.update({
      where: { tenantId_id: { tenantId: tenant.tenantId, id: tenant.masterAccountId } },
      data: { paymentModel: "postpaid", invoicingAccountId: tenant.masterAccountId },
    });
    const partner = await makeChild(tenant, { name: "Partner", isPartner: true, paymentModel: "postpaid", invoicingAccountId: tenant.masterAccountId });
    const leaf = await makeChild(tenant, { name: "Leaf", parentId: partner.id, paymentModel: "postpaid", invoicingAccountId: partner.id });
    expect(await isPostpaidTree(tenant.owner, tenant.masterAccountId)).toBe(true);

    const now = new Date("2026-03-15T12:00:00Z");
    await sendAt(tenant, leaf.id, "2026-02-28T23:59:59Z", 4); // February: not this month
    const march = await sendAt(tenant, leaf.id, "2026-03-01T00:00:00Z", 3);
    await sendAt(tenant, partner.id, "2026-03-10T08:00:00Z", 2);
    await failAt(tenant, march.slice(0, 1), "2026-03-02T09:00:00Z"); // refunded: not invoiced

    // the leaf's charges land on its invoicing account (the partner), the partner's own on the master: the
    // master's tree holds all of March (5 charged, 1 refunded), the partner's only the leaf's 2
    expect(await sumAccruedThisMonth(tenant.owner, tenant.masterAccountId, now)).toBe(4n * CY_PRICE);
    expect(await sumAccruedThisMonth(tenant.owner, partner.id, now)).toBe(2n * CY_PRICE);
    expect(await sumAccruedThisMonth(tenant.owner, leaf.id, now)).toBe(0n);
    expect(await sumAccruedThisMonth(tenant.owner, tenant.masterAccountId, new Date("2026-02-20T00:00:00Z"))).toBe(4n * CY_PRICE);
    const panels = await getOverviewPanels(tenant.owner, tenant.masterAccountId, now);
    expect(panels.accruedThisMonth).toBe(4n * CY_PRICE);
  });

  it("puts together the last 30 days, the top members without the account's own row, and the recent ledger lines", async () => {
    const tenant = await makeTenant();
    await fundMaster(tenant, 1_000_000_000n);
    const members = [];
    for (let i = 0; i < 12; i++) {
      const member = await makeChild(tenant, { name: `Shop ${String(i).padStart(2, "0")}` });
      await credit(tenant, member.id, 10_000_000n);
      members.push(member);
    }
    const quiet = await makeChild(tenant, { name: "Quiet" });
    const now = new Date();
    const today = now.toISOString();
    for (const [i, m] of members.entries()) await sendAt(tenant, m.id, today, i + 1);
    await sendAt(tenant, tenant.masterAccountId, today, 50); // the master's own traffic: the biggest, but not a member
    await sendAt(tenant, members[0].id, new Date(now.getTime() - 40 * 86_400_000).toISOString(), 100); // before the window

    const panels = await getOverviewPanels(tenant.owner, tenant.masterAccountId, now);
    expect(panels.series).toHaveLength(30);
    expect(panels.series.at(-1)).toMatchObject({ day: today.slice(0, 10), messages: 50 + (12 * 13) / 2 });
    expect(panels.range).toMatchObject({ to: today.slice(0, 10), days: 30 });
    expect(names(panels.topMembers)).toEqual(["Shop 11", "Shop 10", "Shop 09", "Shop 08", "Shop 07", "Shop 06", "Shop 05", "Shop 04", "Shop 03", "Shop 02"]);
    expect(panels.topMembers[0]).toMatchObject({ messages: 12, cost: 12n * CY_PRICE, isSelf: false });
    expect(panels.topMembers.some((m) => m.accountId === quiet.id)).toBe(false);

    // the ledger's newest lines of the whole tree: the charges just made, newest first
    expect(panels.recent).toHaveLength(10);
    expect(panels.recent.every((l, i) => i === 0 || l.createdAt <= panels.recent[i - 1].createdAt)).toBe(true);
    expect(panels.recent.some((l) => l.kind === "charge")).toBe(true);
    expect(panels.lowBalance.total).toBe(1); // Quiet: prepaid, nothing credited
    expect(panels.nearLimit.total).toBe(0);

    // a member's own overview sees its own lines only
    const own = await getOverviewPanels({ tenantId: tenant.tenantId, accountId: quiet.id }, quiet.id, now);
    expect(own).toMatchObject({ recent: [], topMembers: [], accruedThisMonth: null, lowBalance: { total: 0 } });
    expect(own.series.every((p) => p.messages === 0)).toBe(true);
  });
});
