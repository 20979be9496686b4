// Scheduled sends (issue 19): kept uncharged until due, then sent once as an ordinary send of that moment,
// cancellable until then, failed with the reason when the money is not there, and sent once across a restart.
import { afterAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/client";
import { startWorkers } from "@/lib/jobs/workers";
import { stopQueue } from "@/lib/jobs/boss";
import { ConflictError, NotFoundError } from "@/lib/domain/errors";
import { balanceOf, contextFor, credit, fundMaster, makeChild, makeTenant, type TestTenant } from "@/lib/testing/factories";
import { rejection } from "@/lib/testing/assertions";
import { waitFor } from "@/lib/testing/wait-for";
import { findLedgerDiscrepancies } from "@/lib/domain/ledger/reconcile";
import { scheduleMessages } from "./schedule-messages";
import { sendDueScheduled } from "./send-due-scheduled";
import { cancelScheduledSend } from "./cancel-scheduled-send";
import { getScheduledSend, listScheduledSends } from "./scheduled-queries";
import { sendMessages } from "./send-messages";
import { deleteMember } from "@/lib/domain/members/delete-member";

const CY = "+35799123456";
const CY_PRICE = 45_000n;

afterAll(async () => {
  await stopQueue();
  expect(await findLedgerDiscrepancies()).toEqual([]);
});

async function fundedMember(tenant: TestTenant, micro: bigint) {
  const member = await makeChild(tenant);
  await fundMaster(tenant, micro + 1_000_000_000n);
  if (micro > 0n) await credit(tenant, member.id, micro);
  return member;
}

const inSeconds = (s: number) => new Date(Date.now() + s * 1000);

function schedule(tenant: TestTenant, accountId: number, at: Date, to: string[] = [CY], extra: { reference?: string; idempotencyKey?: string; campaign?: string } = {}) {
  return scheduleMessages({
    ctx: contextFor(tenant, accountId),
    input: {
      messages: to.map((t, i) => ({ to: t, body: `Reminder ${i}`, reference: extra.reference ? `${extra.reference}-${i}` : undefined })),
      senderId: "Clinic",
      campaign: extra.campaign,
      idempotencyKey: extra.idempotencyKey,
    },
    scheduledAt: at,
  });
}

/** What a clock moving on would do: the request becomes due now. */
const makeDue = (tenant: TestTenant, batchId: string) =>
  prisma.scheduledSend.update({ where: { tenantId_batchId: { tenantId: tenant.tenantId, batchId } }, data: { scheduledAt: new Date(Date.now() - 1000) } });

const messagesOf = (tenant: TestTenant, batchId: string) => prisma.message.findMany({ where: { tenantId: tenant.tenantId, batchId }, orderBy: { id: "asc" } });

describe("scheduled sends", () => {
  it("prices a request at once, charges nothing until it is due, then sends it once, charged at that moment", async () => {
    const tenant = await makeTenant();
    const member = await fundedMember(tenant, 1_000_000n);
    const at = inSeconds(3600);
    const result = await schedule(tenant, member.id, at, [CY, "+35799123457"], { campaign: "Spring" });
    expect(result).toMatchObject({ scheduledAt: at, quotedTotal: 2n * CY_PRICE, replayed: false });
    expect(result.messages.map((m) => m.price)).toEqual([CY_PRICE, CY_PRICE]);
    expect(await balanceOf(tenant, member.id)).toBe(1_000_000n);
    expect(await messagesOf(tenant, result.batchId)).toEqual([]);
    expect(await prisma.monthlyUsage.count({ where: { tenantId: tenant.tenantId, accountId: member.id } })).toBe(0);

    // not due: a call does nothing
    expect(await sendDueScheduled(tenant.tenantId, result.batchId)).toEqual({ outcome: "skipped" });
    expect(await balanceOf(tenant, member.id)).toBe(1_000_000n);

    await makeDue(tenant, result.batchId);
    const [first, second] = await Promise.all([sendDueScheduled(tenant.tenantId, result.batchId), sendDueScheduled(tenant.tenantId, result.batchId)]);
    expect([first.outcome, second.outcome].sort()).toEqual(["sent", "skipped"]);
    const messages = await messagesOf(tenant, result.batchId);
    expect(messages.map((m) => [m.recipient, m.senderId, m.campaign, m.price])).toEqual([
      [CY, "Clinic", "Spring", CY_PRICE],
      ["+35799123457", "Clinic", "Spring", CY_PRICE],
    ]);
    expect(await balanceOf(tenant, member.id)).toBe(1_000_000n - 2n * CY_PRICE);
    const stored = await prisma.scheduledSend.findUniqueOrThrow({ where: { tenantId_batchId: { tenantId: tenant.tenantId, batchId: result.batchId } } });
    expect(stored).toMatchObject({ status: "sent", transferId: messages[0].transferId });
    expect(stored.doneAt).not.toBeNull();
    // a third call, later: still once
    expect(await sendDueScheduled(tenant.tenantId, result.batchId)).toEqual({ outcome: "skipped" });
    expect(await messagesOf(tenant, result.batchId)).toHaveLength(2);
  });

  it("is cancelled until due (nothing charged, audited), and not after", async () => {
    const tenant = await makeTenant();
    const member = await fundedMember(tenant, 1_000_000n);
    const result = await schedule(tenant, member.id, inSeconds(600));
    await cancelScheduledSend({ ctx: contextFor(tenant, member.id), batchId: result.batchId });
    await makeDue(tenant, result.batchId);
    expect(await sendDueScheduled(tenant.tenantId, result.batchId)).toEqual({ outcome: "skipped" });
    expect(await messagesOf(tenant, result.batchId)).toEqual([]);
    expect(await balanceOf(tenant, member.id)).toBe(1_000_000n);
    const again = await rejection(cancelScheduledSend({ ctx: contextFor(tenant, member.id), batchId: result.batchId }));
    expect(again).toBeInstanceOf(ConflictError);
    expect(again.message).toMatch(/already cancelled/);
    expect(await prisma.auditEvent.count({ where: { tenantId: tenant.tenantId, action: "scheduled_send_cancelled", accountId: member.id } })).toBe(1);

    const sent = await schedule(tenant, member.id, inSeconds(600));
    await makeDue(tenant, sent.batchId);
    await sendDueScheduled(tenant.tenantId, sent.batchId);
    expect((await rejection(cancelScheduledSend({ ctx: contextFor(tenant, member.id), batchId: sent.batchId }))).message).toMatch(/already went out/);
  });

  it("cannot be seen or cancelled from outside the sender's subtree", async () => {
    const tenant = await makeTenant();
    const member = await fundedMember(tenant, 1_000_000n);
    const sibling = await makeChild(tenant);
    const result = await schedule(tenant, member.id, inSeconds(600));
    expect(await rejection(cancelScheduledSend({ ctx: contextFor(tenant, sibling.id), batchId: result.batchId }))).toBeInstanceOf(NotFoundError);
    expect(await rejection(getScheduledSend({ ...contextFor(tenant, sibling.id), currency: "EUR" }, result.batchId))).toBeInstanceOf(NotFoundError);
    const other = await makeTenant();
    expect(await rejection(cancelScheduledSend({ ctx: contextFor(other, other.masterAccountId), batchId: result.batchId }))).toBeInstanceOf(NotFoundError);
    // the parent (the master) sees it and may cancel it
    const list = await listScheduledSends({ ...contextFor(tenant, tenant.masterAccountId), currency: "EUR" }, tenant.masterAccountId, { scope: "subtree", page: 1, pageSize: 25 });
    expect(list.rows.map((r) => r.batchId)).toEqual([result.batchId]);
    expect(list.waiting).toBe(1);
    await cancelScheduledSend({ ctx: contextFor(tenant, tenant.masterAccountId), batchId: result.batchId });
  });

  it("fails with the reason when the money is missing at its time, and charges nothing", async () => {
    const tenant = await makeTenant();
    const member = await fundedMember(tenant, 50_000n);
    const result = await schedule(tenant, member.id, inSeconds(600), [CY, "+35799123457"]);
    await makeDue(tenant, result.batchId);
    const outcome = await sendDueScheduled(tenant.tenantId, result.batchId);
    expect(outcome).toMatchObject({ outcome: "failed", errorCode: "SL001" });
    expect(await messagesOf(tenant, result.batchId)).toEqual([]);
    expect(await balanceOf(tenant, member.id)).toBe(50_000n);
    const detail = await getScheduledSend({ ...contextFor(tenant, member.id), currency: "EUR" }, result.batchId);
    expect(detail.status).toBe("failed");
    expect(detail.failure).toMatch(/insufficient funds/i);
    // the monthly count taken for the attempt was given back
    const usage = await prisma.monthlyUsage.findMany({ where: { tenantId: tenant.tenantId, accountId: member.id }, select: { messages: true } });
    expect(usage.reduce((sum, u) => sum + u.messages, 0)).toBe(0);
  });

  it("is cancelled when its account is deleted, and says so in the audit log", async () => {
    const tenant = await makeTenant();
    const member = await fundedMember(tenant, 1_000_000n);
    const waiting = await schedule(tenant, member.id, inSeconds(600));
    await deleteMember({ ctx: tenant.owner, input: { accountId: member.id } });
    const stored = await prisma.scheduledSend.findUniqueOrThrow({ where: { tenantId_batchId: { tenantId: tenant.tenantId, batchId: waiting.batchId } } });
    expect(stored.status).toBe("cancelled");
    await makeDue(tenant, waiting.batchId);
    expect(await sendDueScheduled(tenant.tenantId, waiting.batchId)).toEqual({ outcome: "skipped" });
    const audit = await prisma.auditEvent.findFirstOrThrow({ where: { tenantId: tenant.tenantId, action: "member_deleted", accountId: member.id } });
    expect(audit.detail).toMatch(/1 scheduled send cancelled$/);
  });

  it("refuses at once what a send would refuse, writing nothing", async () => {
    const tenant = await makeTenant();
    const member = await fundedMember(tenant, 1_000_000n);
    // a destination without a price
    await prisma.price.deleteMany({ where: { tenantId: tenant.tenantId, country: "GR" } });
    await expect(schedule(tenant, member.id, inSeconds(600), ["+306912345678"])).rejects.toThrow(/No price is set for destination GR/);
    // a reference already used by a message of the account, and one waiting in a scheduled send
    await sendMessages({ ctx: contextFor(tenant, member.id), input: { messages: [{ to: CY, body: "now", reference: "used-0" }] } });
    await expect(schedule(tenant, member.id, inSeconds(600), [CY], { reference: "used" })).rejects.toBeInstanceOf(ConflictError);
    await schedule(tenant, member.id, inSeconds(600), [CY], { reference: "waiting" });
    const immediate = await rejection(sendMessages({ ctx: contextFor(tenant, member.id), input: { messages: [{ to: CY, body: "now", reference: "waiting-0" }] } }));
    expect(immediate).toBeInstanceOf(ConflictError);
    expect(await prisma.scheduledSend.count({ where: { tenantId: tenant.tenantId } })).toBe(1);
  });

  it("keeps its references reserved until sent, and frees them when cancelled", async () => {
    const tenant = await makeTenant();
    const member = await fundedMember(tenant, 1_000_000n);
    const waiting = await schedule(tenant, member.id, inSeconds(600), [CY], { reference: "appt" });
    await makeDue(tenant, waiting.batchId);
    expect((await sendDueScheduled(tenant.tenantId, waiting.batchId)).outcome).toBe("sent");
    expect((await messagesOf(tenant, waiting.batchId)).map((m) => m.reference)).toEqual(["appt-0"]);
    const cancelled = await schedule(tenant, member.id, inSeconds(600), [CY], { reference: "later" });
    await cancelScheduledSend({ ctx: contextFor(tenant, member.id), batchId: cancelled.batchId });
    await sendMessages({ ctx: contextFor(tenant, member.id), input: { messages: [{ to: CY, body: "now", reference: "later-0" }] } });
  });

  it("replays a request with the same idempotency key, and refuses the key for another request", async () => {
    const tenant = await makeTenant();
    const member = await fundedMember(tenant, 1_000_000n);
    const at = inSeconds(600);
    const first = await schedule(tenant, member.id, at, [CY], { idempotencyKey: "k-1" });
    const again = await schedule(tenant, member.id, at, [CY], { idempotencyKey: "k-1" });
    expect(again).toMatchObject({ batchId: first.batchId, replayed: true, quotedTotal: CY_PRICE });
    await expect(schedule(tenant, member.id, inSeconds(700), [CY], { idempotencyKey: "k-1" })).rejects.toBeInstanceOf(ConflictError);
    // the key of a scheduled request is not free for an immediate send either
    await expect(
      sendMessages({ ctx: contextFor(tenant, member.id), input: { messages: [{ to: CY, body: "Reminder 0" }], senderId: "Clinic", idempotencyKey: "k-1" } }),
    ).rejects.toBeInstanceOf(ConflictError);
    expect(await prisma.scheduledSend.count({ where: { tenantId: tenant.tenantId } })).toBe(1);
  });

  it("goes out through the job queue at its time (never before), and once when it fell due during a restart", async () => {
    const tenant = await makeTenant();
    const member = await fundedMember(tenant, 1_000_000n);
    await startWorkers();
    const at = inSeconds(2);
    const onTime = await schedule(tenant, member.id, at);
    const sentAt = await waitFor("the scheduled send", async () => (await messagesOf(tenant, onTime.batchId))[0]?.createdAt);
    // never early; how late is a figure, not a test (a loaded machine stretches it): printed for the record
    expect(sentAt.getTime()).toBeGreaterThanOrEqual(at.getTime() - 1);
    console.log(`scheduled send: charged and logged ${sentAt.getTime() - at.getTime()} ms after its time`);

    // the app stops before the next one is due, and starts again after
    const duringRestart = await schedule(tenant, member.id, inSeconds(1.5));
    await stopQueue();
    await new Promise((r) => setTimeout(r, 2500));
    expect(await messagesOf(tenant, duringRestart.batchId)).toEqual([]);
    await startWorkers();
    await waitFor("the overdue send", async () => (await messagesOf(tenant, duringRestart.batchId)).length > 0);
    // the job and the sweeper may both run: still one message, one charge
    const { sweepDueScheduledSends } = await import("./send-due-scheduled");
    await sweepDueScheduledSends({ overdueSeconds: 0 });
    expect(await messagesOf(tenant, duringRestart.batchId)).toHaveLength(1);
    expect(await balanceOf(tenant, member.id)).toBe(1_000_000n - 2n * CY_PRICE);
    await stopQueue();
  });
});

