import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/client";
import { stopQueue } from "@/lib/jobs/boss";
import { AccountStateError, ConflictError, InsufficientFundsError, LimitExceededError } from "@/lib/domain/errors";
import { balanceOf, contextFor, credit, fundMaster, makeChild, makeTenant, type TestTenant } from "@/lib/testing/factories";
import { rejection } from "@/lib/testing/assertions";
import { findLedgerDiscrepancies } from "@/lib/domain/ledger/reconcile";
import { suspendMember } from "@/lib/domain/members/suspend-member";
import { listMembers } from "@/lib/domain/members/queries";
import { listMembersQuerySchema } from "@/lib/domain/members/list-members-schema";
import { RejectedRecipientsError, sendMessages } from "./send-messages";
import { applyReceipts, submitQueuedMessages } from "./delivery";

// Cyprus: 0.045 EUR per segment in the default price list
const CY = "+35799123456";
const CY_PRICE = 45_000n;

afterAll(async () => {
  await stopQueue();
  expect(await findLedgerDiscrepancies()).toEqual([]);
});

async function fundedMember(tenant: TestTenant, micro: bigint, input: Parameters<typeof makeChild>[1] = {}) {
  const member = await makeChild(tenant, input);
  await fundMaster(tenant, micro + 1_000_000_000n);
  if (micro > 0n) await credit(tenant, member.id, micro);
  return member;
}

const send = (tenant: TestTenant, accountId: number, to: string | string[], body = "Hello from the test", idempotencyKey?: string) =>
  sendMessages({
    ctx: { ...contextFor(tenant, accountId), actor: { type: "system", name: "test" } },
    input: { messages: (Array.isArray(to) ? to : [to]).map((t) => ({ to: t, body })), senderId: "Tester", idempotencyKey },
  });

async function rollupTotals(tenantId: number) {
  const rows = await prisma.messageStatsDaily.groupBy({
    by: ["accountId", "status"],
    where: { tenantId },
    _sum: { messages: true, segments: true, cost: true },
  });
  return rows.filter((r) => (r._sum.messages ?? 0) > 0).map((r) => ({ accountId: r.accountId, status: r.status, ...r._sum }));
}

async function recount(tenantId: number) {
  const rows = await prisma.$queryRaw<{ account_id: number; status: string; messages: bigint; segments: bigint; cost: bigint }[]>`
    SELECT account_id, status, count(*) AS messages, sum(segments) AS segments,
      sum(CASE WHEN refund_transfer_id IS NULL THEN price ELSE 0 END)::bigint AS cost
    FROM message WHERE tenant_id = ${tenantId} GROUP BY 1, 2`;
  return rows.map((r) => ({ accountId: r.account_id, status: r.status, messages: Number(r.messages), segments: Number(r.segments), cost: r.cost }));
}

const byKey = <T extends { accountId: number; status: string }>(rows: T[]) => [...rows].sort((a, b) => a.accountId - b.accountId || a.status.localeCompare(b.status));

describe("sendMessages", () => {
  it("charges a prepaid member its own balance, logs the message queued and counts it", async () => {
    const tenant = await makeTenant();
    const member = await fundedMember(tenant, 1_000_000n);
    const result = await send(tenant, member.id, CY);
    expect(result).toMatchObject({ chargedAccountId: member.id, chargedBalanceAfter: 1_000_000n - CY_PRICE, total: CY_PRICE, replayed: false });
    expect(result.messages).toEqual([expect.objectContaining({ recipient: CY, country: "CY", segments: 1, price: CY_PRICE, status: "queued" })]);
    expect(await balanceOf(tenant, member.id)).toBe(1_000_000n - CY_PRICE);
    const usage = await prisma.monthlyUsage.findMany({ where: { tenantId: tenant.tenantId, accountId: member.id } });
    expect(usage.map((u) => u.messages)).toEqual([1]);
    const transfer = await prisma.transfer.findUniqueOrThrow({ where: { tenantId_id: { tenantId: tenant.tenantId, id: result.transferId } } });
    expect(transfer).toMatchObject({ kind: "charge", fromAccountId: member.id, amount: CY_PRICE });
    expect(byKey(await rollupTotals(tenant.tenantId))).toEqual(byKey(await recount(tenant.tenantId)));
  });

  it("prices every segment, and a per-account price overrides the tenant's for its subtree", async () => {
    const tenant = await makeTenant();
    const reseller = await fundedMember(tenant, 10_000_000n, { isPartner: true });
    const customer = await makeChild(tenant, { parentId: reseller.id });
    await credit(tenant, customer.id, 5_000_000n);
    await prisma.accountPrice.create({ data: { tenantId: tenant.tenantId, accountId: reseller.id, country: "CY", pricePerSegment: 60_000n } });
    const result = await send(tenant, customer.id, CY, "x".repeat(161));
    expect(result.messages[0]).toMatchObject({ segments: 2, pricePerSegment: 60_000n, price: 120_000n });
    expect(await balanceOf(tenant, customer.id)).toBe(5_000_000n - 120_000n);
  });

  it("refuses for lack of funds with the available amount, and logs and counts nothing", async () => {
    const tenant = await makeTenant();
    const member = await fundedMember(tenant, CY_PRICE - 1n);
    const error = await rejection(send(tenant, member.id, CY));
    expect(error).toBeInstanceOf(InsufficientFundsError);
    expect((error as InsufficientFundsError).available).toBe(CY_PRICE - 1n);
    expect(await prisma.message.count({ where: { tenantId: tenant.tenantId } })).toBe(0);
    expect(await prisma.monthlyUsage.findMany({ where: { tenantId: tenant.tenantId, messages: { gt: 0 } } })).toEqual([]);
    expect(await balanceOf(tenant, member.id)).toBe(CY_PRICE - 1n);
  });

  it("charges a postpaid member's nearest prepaid ancestor through a three-level tree", async () => {
    const tenant = await makeTenant();
    const reseller = await fundedMember(tenant, 2_000_000n, { isPartner: true });
    const postpaidPartner = await makeChild(tenant, { parentId: reseller.id, isPartner: true, paymentModel: "postpaid" });
    const postpaidLeaf = await makeChild(tenant, { parentId: postpaidPartner.id, paymentModel: "postpaid" });
    const result = await send(tenant, postpaidLeaf.id, CY);
    expect(result.chargedAccountId).toBe(reseller.id);
    expect(await balanceOf(tenant, reseller.id)).toBe(2_000_000n - CY_PRICE);
    expect(await balanceOf(tenant, postpaidLeaf.id)).toBe(0n);
    const [message] = await prisma.message.findMany({ where: { tenantId: tenant.tenantId } });
    expect(message).toMatchObject({ accountId: postpaidLeaf.id, chargedAccountId: reseller.id });
    // the prepaid ancestor's own limit on money still holds
    await send(tenant, postpaidLeaf.id, Array(43).fill(CY));
    expect(await rejection(send(tenant, postpaidLeaf.id, CY))).toBeInstanceOf(InsufficientFundsError);
  });

  it("accrues on the invoicing account, below zero, when every account up the path is postpaid", async () => {
    const tenant = await makeTenant();
    await prisma.account.update({
      where: { tenantId_id: { tenantId: tenant.tenantId, id: tenant.masterAccountId } },
      data: { paymentModel: "postpaid", invoicingAccountId: tenant.masterAccountId },
    });
    const partner = await makeChild(tenant, { isPartner: true, paymentModel: "postpaid", invoicingAccountId: tenant.masterAccountId });
    const leaf = await makeChild(tenant, { parentId: partner.id, paymentModel: "postpaid", invoicingAccountId: partner.id });
    const result = await send(tenant, leaf.id, [CY, CY]);
    expect(result.chargedAccountId).toBe(partner.id);
    expect(await balanceOf(tenant, partner.id)).toBe(-2n * CY_PRICE);
  });

  it("never passes the monthly limit under 20 concurrent sends straddling it", async () => {
    const tenant = await makeTenant();
    const member = await fundedMember(tenant, 10_000_000n, { monthlyVolumeLimit: 10 });
    const results = await Promise.allSettled(Array.from({ length: 20 }, () => send(tenant, member.id, CY)));
    const sent = results.filter((r) => r.status === "fulfilled");
    const refused = results.flatMap((r) => (r.status === "rejected" ? [r.reason] : []));
    expect(sent).toHaveLength(10);
    expect(refused).toHaveLength(10);
    for (const err of refused) {
      expect(err).toBeInstanceOf(LimitExceededError);
      expect((err as LimitExceededError).code).toBe("monthly_limit_reached");
    }
    expect(await prisma.message.count({ where: { tenantId: tenant.tenantId } })).toBe(10);
    const [usage] = await prisma.monthlyUsage.findMany({ where: { tenantId: tenant.tenantId, accountId: member.id } });
    expect(usage.messages).toBe(10);
    expect(await balanceOf(tenant, member.id)).toBe(10_000_000n - 10n * CY_PRICE);
  });

  it("refuses a bulk send that does not fit in what is left of the month, whole", async () => {
    const tenant = await makeTenant();
    const member = await fundedMember(tenant, 10_000_000n, { monthlyVolumeLimit: 5 });
    await send(tenant, member.id, [CY, CY, CY]);
    const error = await rejection(send(tenant, member.id, [CY, CY, CY]));
    expect(error.message).toBe("Monthly volume limit reached: 3 of 5 messages sent this month.");
    expect(await prisma.message.count({ where: { tenantId: tenant.tenantId } })).toBe(3);
    // the team page shows the month's count against the limit
    const { rows } = await listMembers(tenant.owner, tenant.masterAccountId, listMembersQuerySchema.parse({}));
    expect(rows.find((r) => r.id === member.id)).toMatchObject({ messagesThisMonth: 3, monthlyVolumeLimit: 5 });
  });

  it("sends once per idempotency key, replays the first result and refuses another request with the key", async () => {
    const tenant = await makeTenant();
    const member = await fundedMember(tenant, 1_000_000n);
    const key = randomUUID();
    const [a, b] = await Promise.all([send(tenant, member.id, CY, "same", key), send(tenant, member.id, CY, "same", key)]);
    const again = await send(tenant, member.id, CY, "same", key);
    expect([a.replayed, b.replayed].sort()).toEqual([false, true]);
    expect(again).toMatchObject({ replayed: true, transferId: a.transferId, batchId: a.batchId });
    expect(again.messages.map((m) => m.id)).toEqual(a.messages.map((m) => m.id));
    expect(await prisma.message.count({ where: { tenantId: tenant.tenantId } })).toBe(1);
    expect(await balanceOf(tenant, member.id)).toBe(1_000_000n - CY_PRICE);
    const conflict = await rejection(send(tenant, member.id, CY, "different", key));
    expect(conflict).toBeInstanceOf(ConflictError);
  });

  it("lists every invalid recipient of a bulk send and charges nothing", async () => {
    const tenant = await makeTenant();
    const member = await fundedMember(tenant, 1_000_000n);
    const error = await rejection(send(tenant, member.id, [CY, "12", "+999123456", CY]));
    expect(error).toBeInstanceOf(RejectedRecipientsError);
    expect((error as RejectedRecipientsError).rejected.map((r) => [r.index, r.to])).toEqual([[1, "12"], [2, "+999123456"]]);
    expect(await balanceOf(tenant, member.id)).toBe(1_000_000n);
    expect(await prisma.message.count({ where: { tenantId: tenant.tenantId } })).toBe(0);
  });

  it("refuses a destination without a price, naming its recipients, and charges nothing", async () => {
    const tenant = await makeTenant();
    const member = await fundedMember(tenant, 1_000_000n);
    await prisma.price.delete({ where: { tenantId_country: { tenantId: tenant.tenantId, country: "DE" } } });
    const error = await rejection(send(tenant, member.id, [CY, "+4915123456789"]));
    expect(error).toBeInstanceOf(RejectedRecipientsError);
    expect((error as RejectedRecipientsError).rejected).toEqual([
      { index: 1, to: "+4915123456789", reason: "No price is set for destination DE; it cannot be sent to." },
    ]);
    expect(await balanceOf(tenant, member.id)).toBe(1_000_000n);
    expect(await prisma.monthlyUsage.findMany({ where: { tenantId: tenant.tenantId, messages: { gt: 0 } } })).toEqual([]);
  });

  it("refuses a suspended sender, and a member under a suspended partner", async () => {
    const tenant = await makeTenant();
    const partner = await fundedMember(tenant, 1_000_000n, { isPartner: true });
    const leaf = await makeChild(tenant, { parentId: partner.id, paymentModel: "postpaid" });
    await suspendMember({ ctx: tenant.owner, input: { accountId: partner.id } });
    const own = await rejection(send(tenant, partner.id, CY));
    expect(own).toBeInstanceOf(AccountStateError);
    expect(own.message).toBe("The account is suspended: it cannot send messages.");
    expect(await rejection(send(tenant, leaf.id, CY))).toBeInstanceOf(AccountStateError);
    expect(await balanceOf(tenant, partner.id)).toBe(1_000_000n);
  });
});

describe("delivery", () => {
  it("moves messages to sent and delivered, refunds a failure, and the rollup equals a recount", async () => {
    const tenant = await makeTenant();
    const member = await fundedMember(tenant, 5_000_000n);
    const delivered = await send(tenant, member.id, [CY, "+35799120000"], "two recipients");
    const rejectedAtSubmit = await send(tenant, member.id, "+35799120001");
    const ids = [...delivered.messages, ...rejectedAtSubmit.messages].map((m) => m.id);
    const submitted = await submitQueuedMessages(tenant.tenantId, ids);
    expect(submitted.changes.map((c) => c.newStatus).sort()).toEqual(["failed", "sent", "sent"]);
    expect(await balanceOf(tenant, member.id)).toBe(5_000_000n - 2n * CY_PRICE);

    const [ok, undeliverable] = delivered.messages;
    const receipts = await applyReceipts(tenant.tenantId, [
      { messageId: ok.id, status: "delivered" },
      { messageId: undeliverable.id, status: "failed", errorCode: "undeliverable", detail: "unreachable" },
      // a repeated receipt changes nothing
      { messageId: ok.id, status: "failed" },
    ]);
    expect(receipts.map((c) => [c.messageId, c.newStatus])).toEqual([[ok.id, "delivered"], [undeliverable.id, "failed"]]);
    expect(await balanceOf(tenant, member.id)).toBe(5_000_000n - CY_PRICE);
    const refund = await prisma.transfer.findFirstOrThrow({ where: { tenantId: tenant.tenantId, kind: "refund", toAccountId: member.id, memo: { contains: String(undeliverable.id) } } });
    expect(refund.amount).toBe(CY_PRICE);

    const events = await prisma.messageEvent.findMany({ where: { tenantId: tenant.tenantId, messageId: ok.id }, orderBy: { id: "asc" } });
    expect(events.map((e) => e.status)).toEqual(["sent", "delivered"]);
    expect(byKey(await rollupTotals(tenant.tenantId))).toEqual(byKey(await recount(tenant.tenantId)));
    // a second submit of the same messages hands nothing over again
    expect((await submitQueuedMessages(tenant.tenantId, ids)).submitted).toBe(0);
  });
});
