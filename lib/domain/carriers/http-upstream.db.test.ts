// An HTTP upstream speaking SMS.to's API, faked in the test (a local server that answers /sms/send as SMS.to does
// and posts status callbacks through our real callback route), behind a real route, owner, queue and ledger.
// lib/domain/carriers/second-subledger.db.test.ts runs the same path against a second Subledger.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/client";
import { stopQueue } from "@/lib/jobs/boss";
import { signCallback } from "@/lib/domain/messaging/callback";
import { submitQueuedMessages } from "@/lib/domain/messaging/delivery";
import { sendMessages } from "@/lib/domain/messaging/send-messages";
import { balanceOf, contextFor, credit, fundMaster, makeChild, makeTenant } from "@/lib/testing/factories";
import { testOperator } from "@/lib/testing/operator";
import { waitFor } from "@/lib/testing/wait-for";
import * as callbackRoute from "@/app/api/carrier-callbacks/[connectionId]/[token]/route";
import { createConnection } from "./create-connection";
import { removeConnection } from "./remove-connection";
import { setRoute } from "./set-route";
import { removeRoute } from "./remove-route";
import { setConnectionPaused } from "./set-connection-paused";
import { startCarrierSupervisor, stopCarriers } from "./supervisor";
import { forgetRoutingTable } from "./routing";

const CALLBACK_SECRET = "upstream-signing-secret";
const PREFIX = "3579955"; // every test number starts so: the route's prefix

type Sent = { to: string; idempotencyKey: string | undefined; callbackUrl: string; auth: string | undefined };
const sent: Sent[] = [];
let nextId = 9_000_000;
let refuseKeyOnce = false;
let throttleNext = 0;

/** Posts a status callback to our route handler, signed as SMS.to signs. */
async function postCallback(callbackUrl: string, fields: Record<string, unknown>) {
  const url = new URL(callbackUrl);
  const [, , , connectionId, token] = url.pathname.split("/");
  const body = JSON.stringify(fields);
  const response = await callbackRoute.POST(
    new Request(callbackUrl, { method: "POST", headers: { "content-type": "application/json", "x-smsto-signature": signCallback(CALLBACK_SECRET, body, Math.floor(Date.now() / 1000)) }, body }),
    { params: Promise.resolve({ connectionId, token }) },
  );
  return response;
}

const upstream = createServer((req: IncomingMessage, res: ServerResponse) => {
  let raw = "";
  req.on("data", (c) => (raw += c));
  req.on("end", () => {
    const reply = (status: number, body: unknown) => res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
    if (req.url !== "/sms/send" || req.method !== "POST") return reply(404, { success: false, message: "not found" });
    if (refuseKeyOnce) {
      refuseKeyOnce = false;
      return reply(401, { success: false, message: "Unauthenticated." });
    }
    if (throttleNext > 0) {
      throttleNext--;
      return reply(429, { success: false, message: "Too many requests." });
    }
    const body = JSON.parse(raw) as { to: string; message: string; callback_url: string };
    sent.push({ to: body.to, idempotencyKey: req.headers["idempotency-key"] as string | undefined, callbackUrl: body.callback_url, auth: req.headers.authorization });
    if (body.to.endsWith("0422")) return reply(422, { success: false, message: "The to must be a valid phone number." });
    const id = String(nextId++);
    reply(200, { success: true, message: "Message is queued for sending! Please check report for update", message_id: id });
    // SENT, then the final word, as SMS.to reports
    setTimeout(() => {
      void (async () => {
        await postCallback(body.callback_url, { trackingId: "t", messageId: id, phone: body.to, status: "SENT", parts: 1, price: 0.05 });
        await postCallback(body.callback_url, { trackingId: "t", messageId: id, phone: body.to, status: body.to.endsWith("0000") ? "FAILED" : "DELIVERED", parts: 1, price: 0.05 });
      })();
    }, 20);
  });
});

let connectionId: number;
let routeId: number;

beforeAll(async () => {
  await new Promise<void>((resolve) => upstream.listen(0, "127.0.0.1", resolve));
  const ctx = await testOperator();
  const connection = await createConnection({
    ctx,
    input: {
      kind: "http",
      name: `Upstream ${Date.now()}`,
      failoverAfterSeconds: 30,
      settings: { baseUrl: `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`, window: 5, tps: null },
      apiKey: "upstream-api-key",
      callbackSecret: CALLBACK_SECRET,
    },
  });
  connectionId = connection.id;
  routeId = (await setRoute({ ctx, input: { destination: PREFIX, connectionIds: [connectionId] } })).id;
  forgetRoutingTable();
  await startCarrierSupervisor({ tickMs: 100, owner: { leaseSeconds: 5, maxInHand: 200, pollMs: 50, flushMs: 10, stateEveryMs: 200, deferBaseSeconds: 0.05 }, link: { http: { holdAfterAuthFailureMs: 200 } } });
});

afterAll(async () => {
  await stopCarriers();
  const ctx = await testOperator();
  await removeRoute({ ctx, input: { routeId } });
  await removeConnection({ ctx, input: { connectionId } });
  await stopQueue();
  await new Promise((resolve) => upstream.close(resolve));
});

async function sendFromNewMember(numbers: string[]) {
  const tenant = await makeTenant();
  const member = await makeChild(tenant);
  await fundMaster(tenant, 10_000_000n);
  await credit(tenant, member.id, 1_000_000n);
  const result = await sendMessages({ ctx: contextFor(tenant, member.id), input: { messages: numbers.map((to) => ({ to, body: `hello ${to}` })) } });
  // what the submit job does after the commit
  await submitQueuedMessages(tenant.tenantId, result.messages.map((m) => m.id));
  return { tenant, member, result };
}

const messagesOf = (tenantId: number, ids: bigint[]) =>
  prisma.message.findMany({ where: { tenantId, id: { in: ids } }, orderBy: { id: "asc" }, select: { id: true, status: true, connectionId: true, providerId: true, refundTransferId: true, errorCode: true, errorMessage: true } });

describe("an HTTP upstream (SMS.to's API)", () => {
  it("sends with our key, callback URL and an Idempotency-Key per message; callbacks turn messages delivered or failed (refunded)", async () => {
    const { tenant, member, result } = await sendFromNewMember([`+${PREFIX}1001`, `+${PREFIX}0000`, `+${PREFIX}0422`]);
    const ids = result.messages.map((m) => m.id);
    const final = await waitFor("every message final", async () => {
      const rows = await messagesOf(tenant.tenantId, ids);
      return rows.every((r) => r.status === "delivered" || r.status === "failed") && rows;
    });
    expect(final.map((r) => r.status)).toEqual(["delivered", "failed", "failed"]);
    expect(final.every((r) => r.connectionId === connectionId)).toBe(true);
    // 0000: taken, then a FAILED callback; 0422: refused at once; both refunded
    expect(final[1].errorMessage).toMatch(/could not deliver/);
    expect(final[2].errorCode).toBe("upstream_422");
    expect(final[1].refundTransferId).not.toBeNull();
    expect(final[2].refundTransferId).not.toBeNull();
    expect(await balanceOf(tenant, member.id)).toBe(1_000_000n - result.messages[0].price);
    const mine = sent.filter((s) => [`+${PREFIX}1001`, `+${PREFIX}0000`, `+${PREFIX}0422`].includes(s.to));
    expect(mine.map((s) => s.auth)).toEqual(["Bearer upstream-api-key", "Bearer upstream-api-key", "Bearer upstream-api-key"]);
    expect(new Set(mine.map((s) => s.idempotencyKey)).size).toBe(3);
    expect(mine[0].callbackUrl).toMatch(new RegExp(`/api/carrier-callbacks/${connectionId}/[A-Za-z0-9_-]{32}$`));
    const parts = await prisma.carrierMessage.findMany({ where: { tenantId: tenant.tenantId, messageId: { in: ids } }, orderBy: { messageId: "asc" } });
    expect(parts.map((p) => [p.status, p.stat])).toEqual([["delivered", "DELIVERED"], ["failed", "FAILED"]]);
    expect(final[0].providerId).toBe(parts[0].carrierId);
  });

  it("defers on 429 and on a refused key (never failing the message), then sends once", async () => {
    throttleNext = 2;
    refuseKeyOnce = true;
    const { tenant, result } = await sendFromNewMember([`+${PREFIX}2001`]);
    const [row] = await waitFor("delivered", async () => {
      const rows = await messagesOf(tenant.tenantId, [result.messages[0].id]);
      return rows[0].status === "delivered" && rows;
    });
    expect(row.connectionId).toBe(connectionId);
    expect(sent.filter((s) => s.to === `+${PREFIX}2001`)).toHaveLength(1);
    const state = await prisma.carrierConnectionState.findUniqueOrThrow({ where: { connectionId } });
    expect(state.lastError).toMatch(/HTTP (401|429)/);
  });

  it("refuses a callback with a wrong token or signature, and matches nothing for it", async () => {
    const connection = await prisma.carrierConnection.findUniqueOrThrow({ where: { id: connectionId } });
    const body = JSON.stringify({ messageId: "1", status: "DELIVERED" });
    const wrongToken = await callbackRoute.POST(new Request("http://x/", { method: "POST", body }), { params: Promise.resolve({ connectionId: String(connectionId), token: "nope" }) });
    expect(wrongToken.status).toBe(404);
    const unsigned = await callbackRoute.POST(new Request("http://x/", { method: "POST", body }), { params: Promise.resolve({ connectionId: String(connectionId), token: connection.callbackToken! }) });
    expect(unsigned.status).toBe(401);
    const forged = await callbackRoute.POST(
      new Request("http://x/", { method: "POST", body, headers: { "x-smsto-signature": signCallback("another secret", body, Math.floor(Date.now() / 1000)) } }),
      { params: Promise.resolve({ connectionId: String(connectionId), token: connection.callbackToken! }) },
    );
    expect(forged.status).toBe(401);
    expect(await prisma.carrierReceipt.count({ where: { connectionId, carrierIds: { has: "1" } } })).toBe(0);
  });

  it("keeps messages queued while its only connection is paused, and sends them on resume", async () => {
    const ctx = await testOperator();
    await setConnectionPaused({ ctx, input: { connectionId, paused: true } });
    forgetRoutingTable();
    const { tenant, result } = await sendFromNewMember([`+${PREFIX}3001`]);
    await new Promise((r) => setTimeout(r, 500));
    expect((await messagesOf(tenant.tenantId, [result.messages[0].id]))[0].status).toBe("queued");
    expect(await prisma.carrierQueue.count({ where: { tenantId: tenant.tenantId } })).toBe(1);
    await setConnectionPaused({ ctx, input: { connectionId, paused: false } });
    await waitFor("delivered after resume", async () => (await messagesOf(tenant.tenantId, [result.messages[0].id]))[0].status === "delivered");
    expect(await prisma.carrierQueue.count({ where: { tenantId: tenant.tenantId } })).toBe(0);
  });
});
