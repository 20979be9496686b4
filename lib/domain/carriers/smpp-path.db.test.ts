// The whole carrier path over SMPP, against fake SMSCs from the same package started here: send → route →
// the connection's queue → its owner (advisory lock) → the link → the SMSC → receipts stored before they are
// answered → matched per part → the message delivered or failed (refunded). Milliseconds timers throughout.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/client";
import { sqlPool } from "@/lib/db/pool";
import { stopQueue } from "@/lib/jobs/boss";
import { sweepQueuedMessages } from "@/lib/jobs/workers";
import { submitQueuedMessages } from "@/lib/domain/messaging/delivery";
import { sendMessages } from "@/lib/domain/messaging/send-messages";
import { balanceOf, contextFor, credit, fundMaster, makeChild, makeTenant } from "@/lib/testing/factories";
import { testOperator } from "@/lib/testing/operator";
import { waitFor } from "@/lib/testing/wait-for";
import { setReceiptRetryDelays } from "./carrier-receipts";
import { createConnection } from "./create-connection";
import { removeConnection } from "./remove-connection";
import { removeRoute } from "./remove-route";
import { forgetRoutingTable } from "./routing";
import { setConnectionPaused } from "./set-connection-paused";
import { setRoute } from "./set-route";
import { startFakeSmsc, type FakeSmscOptions } from "./smpp/fake-smsc";
import { ownedConnectionIds, startCarrierSupervisor, stopCarriers } from "./supervisor";

const SYSTEM_ID = "subledger";
const PASSWORD = "secret12";
const cleanups: (() => Promise<unknown>)[] = [];

beforeAll(async () => {
  setReceiptRetryDelays([50, 100, 200]);
  await startCarrierSupervisor({
    tickMs: 100,
    owner: { leaseSeconds: 5, maxInHand: 500, pollMs: 50, flushMs: 10, stateEveryMs: 100, deferBaseSeconds: 0.05 },
    link: { smpp: { enquireLinkMs: 500, responseTimeoutMs: 1500, inactivityMs: 3000, bindTimeoutMs: 1000, reconnectBaseMs: 20, reconnectCapMs: 200, throttlePauseMs: 50, receiptBatchMs: 5, stopGraceMs: 500 } },
  });
});

afterAll(async () => {
  await stopCarriers();
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  await stopQueue();
});

/** A fake SMSC, an SMPP connection to it and a route for `prefix` (digits after the country code's +). */
async function carrier(prefix: string, smscOptions: FakeSmscOptions = {}, settings: { window?: number; tps?: number | null; failoverAfterSeconds?: number } = {}) {
  const smsc = await startFakeSmsc({ systemId: SYSTEM_ID, password: PASSWORD, ...smscOptions });
  const ctx = await testOperator();
  const connection = await createConnection({
    ctx,
    input: {
      kind: "smpp",
      name: `SMSC ${prefix} ${Date.now()}`,
      failoverAfterSeconds: settings.failoverAfterSeconds ?? 30,
      settings: { host: smsc.host, port: smsc.port, tls: false, systemId: SYSTEM_ID, systemType: "", bindMode: "transceiver", binds: 1, window: settings.window ?? 50, tps: settings.tps ?? null, enquireLinkSeconds: 30, longMessageMethod: "udh" },
      password: PASSWORD,
    },
  });
  const route = await setRoute({ ctx, input: { destination: prefix, connectionIds: [connection.id] } });
  forgetRoutingTable();
  cleanups.push(async () => {
    await removeRoute({ ctx, input: { routeId: route.id } }).catch(() => undefined);
    await setConnectionPaused({ ctx, input: { connectionId: connection.id, paused: true } });
    await prisma.carrierQueue.deleteMany({ where: { connectionId: connection.id } });
    await removeConnection({ ctx, input: { connectionId: connection.id } });
    await smsc.close();
  });
  await waitFor(`${connection.name} bound`, async () => (await prisma.carrierConnectionState.findUnique({ where: { connectionId: connection.id } }))?.status === "bound");
  return { smsc, connectionId: connection.id, routeId: route.id };
}

async function send(messages: { to: string; body: string }[]) {
  const tenant = await makeTenant();
  const member = await makeChild(tenant);
  await fundMaster(tenant, 1_000_000_000n);
  await credit(tenant, member.id, 500_000_000n);
  const result = await sendMessages({ ctx: contextFor(tenant, member.id), input: { messages } });
  await submitQueuedMessages(tenant.tenantId, result.messages.map((m) => m.id));
  return { tenant, member, result, ids: result.messages.map((m) => m.id) };
}

async function finalMessages(tenantId: number, ids: bigint[], timeoutMs = 20_000) {
  return waitFor(
    `${ids.length} messages final`,
    async () => {
      const rows = await prisma.message.findMany({
        where: { tenantId, id: { in: ids } },
        orderBy: { id: "asc" },
        select: { id: true, status: true, connectionId: true, providerId: true, errorCode: true, errorMessage: true, refundTransferId: true, recipient: true },
      });
      return rows.length === ids.length && rows.every((r) => r.status === "delivered" || r.status === "failed") && rows;
    },
    timeoutMs,
  );
}

const state = (connectionId: number) => prisma.carrierConnectionState.findUniqueOrThrow({ where: { connectionId } });

describe("SMPP carriers, end to end through the database", () => {
  it("sends GSM-7, UCS-2 and a 3-part message with explicit data_coding; receipts (some before their submit's answer) deliver each, a part's carrier id per part", async () => {
    const { smsc, connectionId } = await carrier("3579961", { earlyReceiptFraction: 0.5 });
    const long = "Part one of a long message. ".repeat(16).trim(); // 3 GSM-7 segments
    const { tenant, ids } = await send([
      { to: "+35799611001", body: "Hello @ Subledger" },
      { to: "+35799611002", body: "Καλημέρα 👋" },
      { to: "+35799611003", body: long },
    ]);
    const rows = await finalMessages(tenant.tenantId, ids);
    expect(rows.map((r) => r.status)).toEqual(["delivered", "delivered", "delivered"]);
    expect(rows.every((r) => r.connectionId === connectionId)).toBe(true);
    const parts = await prisma.carrierMessage.findMany({ where: { tenantId: tenant.tenantId, messageId: { in: ids } }, orderBy: [{ messageId: "asc" }, { part: "asc" }] });
    expect(parts.map((p) => [Number(p.messageId - ids[0]), p.part, p.parts, p.status])).toEqual([
      [0, 1, 1, "delivered"],
      [1, 1, 1, "delivered"],
      [2, 1, 3, "delivered"],
      [2, 2, 3, "delivered"],
      [2, 3, 3, "delivered"],
    ]);
    const accepted = smsc.accepted();
    expect(accepted.find((a) => a.recipient === "35799611001")).toMatchObject({ dataCoding: 0, destTon: 1, destNpi: 1 });
    expect(accepted.find((a) => a.recipient === "35799611001")!.bytes[6]).toBe(0x00); // '@' is GSM 0x00
    expect(accepted.find((a) => a.recipient === "35799611002")).toMatchObject({ dataCoding: 8 });
    expect(smsc.messagesTo("35799611002")).toEqual(["Καλημέρα 👋"]);
    expect(smsc.messagesTo("35799611003")).toEqual([long]);
    expect(smsc.stats().duplicateParts).toBe(0);
  });

  it("fails and refunds a message refused at submit or reported undeliverable; a duplicated receipt changes nothing; an unknown one is counted unmatched", async () => {
    const { smsc, connectionId } = await carrier("3579962");
    const { tenant, member, result, ids } = await send([
      { to: "+35799621001", body: "fine" },
      { to: "+35799620001", body: "refused at submit" },
      { to: "+35799620000", body: "undeliverable" },
    ]);
    const rows = await finalMessages(tenant.tenantId, ids);
    expect(rows.map((r) => r.status)).toEqual(["delivered", "failed", "failed"]);
    expect(rows[1].errorCode).toMatch(/^smpp_ESME_RSUBMITFAIL$/);
    expect(rows[2].errorMessage).toMatch(/UNDELIV/);
    expect(rows[1].refundTransferId).not.toBeNull();
    expect(rows[2].refundTransferId).not.toBeNull();
    expect(await balanceOf(tenant, member.id)).toBe(500_000_000n - result.messages[0].price);

    const unmatchedBefore = (await state(connectionId)).unmatchedReceipts;
    smsc.sendReceipt({ id: rows[0].providerId!, stat: "UNDELIV" }); // a late, contradicting repeat
    smsc.sendReceipt({ id: "FFFFFFFF0000", stat: "DELIVRD" }); // nobody's
    await waitFor("the unknown receipt given up", async () => (await state(connectionId)).unmatchedReceipts === unmatchedBefore + 1n);
    const after = await prisma.message.findUniqueOrThrow({ where: { tenantId_id: { tenantId: tenant.tenantId, id: ids[0] } } });
    expect(after.status).toBe("delivered");
    expect(await prisma.carrierReceipt.count({ where: { connectionId } })).toBe(0);
  });

  it("defers throttled submits (ESME_RTHROTTLED): every message goes out once, none fails", async () => {
    const { smsc, connectionId } = await carrier("3579963", { throttleEvery: 7 });
    const numbers = Array.from({ length: 60 }, (_, i) => ({ to: `+3579963${String(1000 + i)}`, body: `throttled ${i}` }));
    const { tenant, ids } = await send(numbers);
    const rows = await finalMessages(tenant.tenantId, ids);
    expect(rows.every((r) => r.status === "delivered")).toBe(true);
    expect(smsc.stats().throttled).toBeGreaterThan(0);
    expect(smsc.stats().duplicateParts).toBe(0);
    expect(smsc.stats().acceptedParts).toBe(60);
    await waitFor("throttles counted", async () => (await state(connectionId)).throttled > 0n);
  });

  it("loses nothing when the link drops mid-run: parts without an answer are sent again and counted (those the SMSC had taken arrive twice: SMPP has no idempotency key)", async () => {
    const { smsc, connectionId } = await carrier("3579964", { dropAtSubmit: 150, answerDelayMs: 2 });
    const numbers = Array.from({ length: 400 }, (_, i) => ({ to: `+3579964${String(1000 + i)}`, body: `drop ${i}` }));
    const { tenant, ids } = await send(numbers);
    const rows = await finalMessages(tenant.tenantId, ids, 30_000);
    expect(rows.filter((r) => r.status !== "delivered")).toEqual([]);
    expect(smsc.stats().acceptedParts).toBe(400);
    expect(smsc.stats().binds).toBeGreaterThanOrEqual(2);
    const resubmissions = await waitFor("resubmissions counted", async () => {
      const n = (await state(connectionId)).resubmissions;
      return n > 0n && n;
    });
    // the SMSC had read some of the parts in flight at the drop (their answers were still 2 ms away): each
    // duplicate is one of the counted resubmissions, never more
    expect(BigInt(smsc.stats().duplicateParts)).toBeLessThanOrEqual(resubmissions);
    console.log(`link drop at the 150th submit: ${resubmissions} parts re-sent, ${smsc.stats().duplicateParts} of them had reached the SMSC`);
  });

  it("hands a throttled backlog over once, even when the sweeper runs over it", async () => {
    const { smsc } = await carrier("3579965", {}, { tps: 50 });
    const numbers = Array.from({ length: 100 }, (_, i) => ({ to: `+3579965${String(1000 + i)}`, body: `backlog ${i}` }));
    const { tenant, ids } = await send(numbers);
    // the backlog waits on the TPS limit for ~2 s: the sweeper looks at every queued message meanwhile
    await new Promise((r) => setTimeout(r, 300));
    await sweepQueuedMessages({ olderThanSeconds: 0 });
    await submitQueuedMessages(tenant.tenantId, ids);
    await finalMessages(tenant.tenantId, ids, 30_000);
    expect(smsc.stats().acceptedParts).toBe(100);
    expect(smsc.stats().duplicateParts).toBe(0);
  });

  it("fails over to the route's next connection when the first stays unbound past its failover time", async () => {
    const dead = await startFakeSmsc({ systemId: SYSTEM_ID, password: PASSWORD, silent: true });
    const ctx = await testOperator();
    const first = await createConnection({
      ctx,
      input: {
        kind: "smpp",
        name: `Silent ${Date.now()}`,
        failoverAfterSeconds: 1,
        settings: { host: dead.host, port: dead.port, tls: false, systemId: SYSTEM_ID, systemType: "", bindMode: "transceiver", binds: 1, window: 10, tps: null, enquireLinkSeconds: 30, longMessageMethod: "udh" },
        password: PASSWORD,
      },
    });
    const { smsc, connectionId: second, routeId } = await carrier("3579966");
    await setRoute({ ctx, input: { routeId, destination: "3579966", connectionIds: [first.id, second] } });
    forgetRoutingTable();
    cleanups.push(async () => {
      await setConnectionPaused({ ctx, input: { connectionId: first.id, paused: true } });
      await prisma.carrierQueue.deleteMany({ where: { connectionId: first.id } });
      await removeRoute({ ctx, input: { routeId } }).catch(() => undefined);
      await removeConnection({ ctx, input: { connectionId: first.id } });
      await dead.close();
    });
    const { tenant, ids } = await send([{ to: "+35799661001", body: "via the second" }]);
    const [row] = await finalMessages(tenant.tenantId, ids, 20_000);
    expect(row.status).toBe("delivered");
    expect(row.connectionId).toBe(second);
    expect(smsc.messagesTo("35799661001")).toEqual(["via the second"]);
  });

  it("has one owner per connection; when the owner's session dies another takes over within seconds", async () => {
    const { smsc, connectionId } = await carrier("3579967");
    expect(ownedConnectionIds()).toContain(connectionId);
    const { rows } = await sqlPool().query<{ pid: number }>("SELECT pid FROM pg_stat_activity WHERE application_name = $1", [`subledger-carrier-${connectionId}`]);
    expect(rows).toHaveLength(1);
    await sqlPool().query("SELECT pg_terminate_backend($1)", [rows[0].pid]);
    const started = performance.now();
    await waitFor("a new owner", async () => {
      const { rows: now } = await sqlPool().query<{ pid: number }>("SELECT pid FROM pg_stat_activity WHERE application_name = $1", [`subledger-carrier-${connectionId}`]);
      return now.length === 1 && now[0].pid !== rows[0].pid;
    });
    console.log(`carrier owner taken over ${Math.round(performance.now() - started)} ms after its session died`);
    const { tenant, ids } = await send([{ to: "+35799671001", body: "after the takeover" }]);
    expect((await finalMessages(tenant.tenantId, ids))[0].status).toBe("delivered");
    expect(smsc.stats().duplicateParts).toBe(0);
  });
});
