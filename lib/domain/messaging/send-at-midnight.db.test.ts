import { afterAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/client";
import { findLedgerDiscrepancies } from "@/lib/domain/ledger/reconcile";
import { fundMaster, makeChild, credit, makeTenant } from "@/lib/testing/factories";
import { sendAt, setStatusAt } from "@/lib/testing/backdated-messages";

afterAll(async () => {
  expect(await findLedgerDiscrepancies()).toEqual([]);
});

// message.created_at keeps milliseconds; a send in the last half millisecond of a UTC day is stored at the next
// midnight, and the rollup must count it on the day the row says (the receipt takes it back from that day)
describe("a send in the last half millisecond of a UTC day", () => {
  it("is counted on the day its row is stored on, and its receipt moves it there without breaking the rollup", async () => {
    const tenant = await makeTenant();
    const member = await makeChild(tenant);
    await fundMaster(tenant, 100_000_000n);
    await credit(tenant, member.id, 10_000_000n);
    const [id] = await sendAt(tenant, member.id, "2026-10-31T23:59:59.9996Z", "CY");
    const message = await prisma.message.findUniqueOrThrow({ where: { tenantId_id: { tenantId: tenant.tenantId, id } } });
    expect(message.createdAt.toISOString()).toBe("2026-11-01T00:00:00.000Z");
    const day = await prisma.messageStatsDaily.findMany({ where: { tenantId: tenant.tenantId, accountId: member.id }, select: { day: true, status: true, messages: true } });
    expect(day.map((d) => [d.day.toISOString().slice(0, 10), d.status, d.messages])).toEqual([["2026-11-01", "queued", 1]]);
    const month = await prisma.messageStatsAccountMonth.findMany({ where: { tenantId: tenant.tenantId, accountId: member.id }, select: { month: true, messages: true } });
    expect(month.map((m) => [m.month.toISOString().slice(0, 10), m.messages])).toEqual([["2026-11-01", 1]]);

    // the receipt: before the fix the day above held nothing to take back, and the rollup's CHECK failed the batch
    await setStatusAt(tenant, [id], "failed", "2026-11-01T00:00:05.000Z");
    const after = await prisma.messageStatsDaily.findMany({ where: { tenantId: tenant.tenantId, accountId: member.id }, select: { day: true, status: true, messages: true } });
    expect(after.filter((d) => d.messages > 0).map((d) => [d.day.toISOString().slice(0, 10), d.status, d.messages])).toEqual([["2026-11-01", "failed", 1]]);
  });
});
