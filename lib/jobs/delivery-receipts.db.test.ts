// SMS Central's delivery-receipt push (reference-smscentral §5) end to end through the real job queue (pg-boss on
// the test database) and a local HTTP receiver: every field of a BUFFRED, DELIVRD and FAILED receipt, for messages
// sent through the native verb and SMS Central's URL; a receiver that answers `1` gets the receipt again, 1 s, then
// 2 s later (DELIVERY_RECEIPT_RETRY_SECONDS=1: 5, 10, 15 … minutes in production), until it answers `0`, and then
// never again; an account without a URL gets nothing.
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/client";
import { hashPassword } from "@/lib/auth/password";
import { sendMessages } from "@/lib/domain/messaging/send-messages";
import { setDeliveryReceiptUrl } from "@/lib/domain/messaging/set-delivery-receipt-url";
import { createUserWithMembership } from "@/lib/domain/users/internal";
import { waitFor } from "@/lib/testing/wait-for";
import { credit, fundMaster, makeChild, makeTenant, TEST_PASSWORD, type TestTenant } from "@/lib/testing/factories";
import * as smscentral from "@/app/api/v3.2/route";
import { startWorkers } from "./workers";
import { stopQueue } from "./boss";

type Received = { method: string; path: string; params: Record<string, string>; at: number };
const received: Received[] = [];
const refusalsLeft = new Map<string, number>();

// /ok acknowledges with 0; /flaky answers 1 twice for each receipt (message and status), then 0
const receiver = createServer((req: IncomingMessage, res) => {
  const url = new URL(req.url ?? "/", "http://receiver");
  const params = Object.fromEntries(url.searchParams.entries());
  received.push({ method: req.method ?? "", path: url.pathname, params, at: Date.now() });
  req.resume();
  if (url.pathname === "/flaky") {
    const key = `${params.ID}:${params.STATUS}`;
    const left = refusalsLeft.get(key) ?? 2;
    refusalsLeft.set(key, left - 1);
    if (left > 0) return void res.writeHead(200, { "content-type": "text/plain" }).end("1");
  }
  res.writeHead(200, { "content-type": "text/plain" }).end("0\n");
});
const base = () => `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;

beforeAll(async () => {
  process.env.SANDBOX_RECEIPT_DELAY_SECONDS = "0";
  process.env.CALLBACKS_ALLOW_PRIVATE = "1";
  process.env.DELIVERY_RECEIPT_RETRY_SECONDS = "1";
  process.env.AUTH_SECRET ??= "delivery-receipts-db-test-secret";
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  await startWorkers();
});

afterAll(async () => {
  await stopQueue();
  await new Promise((resolve) => receiver.close(resolve));
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const receiptsOf = (id: bigint | string) => received.filter((r) => r.params.ID === String(id));

async function fundedMember(tenant: TestTenant) {
  const member = await makeChild(tenant);
  await credit(tenant, member.id, 1_000_000n);
  return member;
}

describe("delivery-receipt push", () => {
  it("GETs BUFFRED, then DELIVRD or FAILED, with every field and the Basic-auth parameters, whatever surface sent", async () => {
    const tenant = await makeTenant();
    await fundMaster(tenant, 10_000_000n);
    const member = await fundedMember(tenant);
    const noUrl = await fundedMember(tenant);
    await setDeliveryReceiptUrl({
      ctx: tenant.owner,
      input: { accountId: member.id, url: `${base()}/ok?token=abc`, userName: "receiver", password: "s3cret pw&=?" },
    });
    const native = await sendMessages({
      ctx: { ...tenant.owner, accountId: member.id },
      input: { senderId: "Acme", campaign: "Spring", messages: [{ to: "+35799123456", body: "Hello & <bye>", reference: "order-1" }, { to: "+35799120000", body: "undeliverable" }] },
    });
    const [ok, bad] = native.messages.map((m) => m.id);
    // SMS Central's own send, by a user of the same account
    const username = `sc-${randomUUID()}@test.local`;
    await createUserWithMembership(prisma, { tenantId: tenant.tenantId, accountId: member.id, email: username, name: "SC", passwordHash: await hashPassword(TEST_PASSWORD), role: "owner" });
    const reply = await smscentral.POST(
      new Request("http://subledger.test/api/v3.2", {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ USERNAME: username, PASSWORD: TEST_PASSWORD, ACTION: "send", ORIGINATOR: "Shop", RECIPIENT: "35799123457", MESSAGE_TEXT: "via SMS Central", REFERENCE: "sc-1" }),
      }),
    );
    expect(await reply.text()).toBe("0");
    const sc = (await prisma.message.findFirstOrThrow({ where: { tenantId: tenant.tenantId, accountId: member.id, reference: "sc-1" } })).id;
    // and a message of an account without a URL
    const silent = (await sendMessages({ ctx: { ...tenant.owner, accountId: noUrl.id }, input: { messages: [{ to: "+35799123456", body: "quiet" }] } })).messages[0].id;

    await waitFor("six receipts", () => [ok, bad, sc].every((id) => receiptsOf(id).length >= 2), 25_000);
    const statuses = (id: bigint) => receiptsOf(id).map((r) => r.params.STATUS);
    expect(statuses(ok)).toEqual(["BUFFRED", "DELIVRD"]);
    expect(statuses(bad)).toEqual(["BUFFRED", "FAILED"]);
    expect(statuses(sc)).toEqual(["BUFFRED", "DELIVRD"]);
    expect(received.every((r) => r.method === "GET" && r.path === "/ok")).toBe(true);

    const common = { token: "abc", USER_NAME: "receiver", PASSWORD: "s3cret pw&=?", PROVIDER: "default", UDH: "" };
    const [buffered, delivered] = receiptsOf(ok);
    expect(delivered.params).toEqual({
      ...common,
      ORIGINATOR: "Acme",
      RECIPIENT: "35799123456",
      MESSAGE_TEXT: "Hello & <bye>",
      ID: String(ok),
      REFERENCE: "order-1",
      RESULT: "1",
      STATUS: "DELIVRD",
      STATUSDESCRIPTION: "Delivered to the handset",
    });
    expect(buffered.params).toMatchObject({ ...common, ID: String(ok), RESULT: "0", STATUS: "BUFFRED", STATUSDESCRIPTION: "Sent to the carrier, awaiting the handset" });
    expect(receiptsOf(bad)[1].params).toEqual({
      ...common,
      ORIGINATOR: "Acme",
      RECIPIENT: "35799120000",
      MESSAGE_TEXT: "undeliverable",
      ID: String(bad),
      REFERENCE: "",
      RESULT: "550",
      STATUS: "FAILED",
      STATUSDESCRIPTION: "Undeliverable: the handset is unreachable (sandbox test number).",
    });
    expect(receiptsOf(sc)[1].params).toMatchObject({ ORIGINATOR: "Shop", RECIPIENT: "35799123457", MESSAGE_TEXT: "via SMS Central", REFERENCE: "sc-1", RESULT: "1" });

    // the account without a URL: its message is delivered, and nothing is pushed for it
    await waitFor("the quiet message to be delivered", async () => (await prisma.message.findFirst({ where: { tenantId: tenant.tenantId, id: silent } }))?.status === "delivered");
    await sleep(2_500);
    expect(receiptsOf(silent)).toEqual([]);
    // each receipt once: the receiver acknowledged them all
    expect([ok, bad, sc].map((id) => receiptsOf(id).length)).toEqual([2, 2, 2]);
  });

  it("retries a receipt the receiver answers 1, with growing delays, until it answers 0, then stops", async () => {
    const tenant = await makeTenant();
    await fundMaster(tenant, 10_000_000n);
    const member = await fundedMember(tenant);
    await setDeliveryReceiptUrl({ ctx: tenant.owner, input: { accountId: member.id, url: `${base()}/flaky`, userName: null } });
    const id = (await sendMessages({ ctx: { ...tenant.owner, accountId: member.id }, input: { messages: [{ to: "+35799123456", body: "flaky" }] } })).messages[0].id;

    // per status: two refusals (1) and the acknowledgement (0)
    await waitFor("three tries of each receipt", () => receiptsOf(id).filter((r) => r.params.STATUS === "DELIVRD").length >= 3, 30_000);
    await sleep(4_000);
    for (const status of ["BUFFRED", "DELIVRD"]) {
      const tries = receiptsOf(id).filter((r) => r.params.STATUS === status);
      expect(tries, status).toHaveLength(3);
      // the first retry 1 s after the first try, the second 2 s after the first retry (plus the worker's polling)
      expect(tries[1].at - tries[0].at, status).toBeGreaterThanOrEqual(900);
      expect(tries[2].at - tries[1].at, status).toBeGreaterThanOrEqual(1_900);
      expect(tries.every((t) => t.params.USER_NAME === "" && t.params.PASSWORD === ""), status).toBe(true);
    }
  }, 60_000);
});
