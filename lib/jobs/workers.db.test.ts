// The delivery pipeline through the real job queue (pg-boss on the test database): send, the submit job, the
// sandbox's delayed receipts, the refund of an undeliverable message, and the signed callback to a local
// receiver.
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/client";
import { balanceOf, contextFor, credit, fundMaster, makeChild, makeTenant } from "@/lib/testing/factories";
import { sendMessages } from "@/lib/domain/messaging/send-messages";
import { signCallback, webhookSecretFor } from "@/lib/domain/messaging/callback";
import { waitFor } from "@/lib/testing/wait-for";
import { startWorkers } from "./workers";
import { stopQueue } from "./boss";

type Received = { body: string; signature: string | undefined };
const received: Received[] = [];
const receiver = createServer((req: IncomingMessage, res) => {
  let body = "";
  req.on("data", (chunk) => (body += chunk));
  req.on("end", () => {
    received.push({ body, signature: req.headers["x-smsto-signature"] as string | undefined });
    res.writeHead(200).end("ok");
  });
});

beforeAll(async () => {
  process.env.SANDBOX_RECEIPT_DELAY_SECONDS = "0";
  process.env.CALLBACKS_ALLOW_PRIVATE = "1";
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  await startWorkers();
});

afterAll(async () => {
  await stopQueue();
  await new Promise((resolve) => receiver.close(resolve));
});

describe("delivery workers", () => {
  it("delivers, fails and refunds through the queue, and posts signed callbacks", async () => {
    const tenant = await makeTenant();
    const member = await makeChild(tenant);
    await fundMaster(tenant, 10_000_000n);
    await credit(tenant, member.id, 1_000_000n);
    const callbackUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/receipts`;
    const result = await sendMessages({
      ctx: contextFor(tenant, member.id),
      input: { messages: [{ to: "+35799123456", body: "ok" }, { to: "+35799120000", body: "undeliverable" }], callbackUrl },
    });
    const [ok, bad] = result.messages.map((m) => m.id);
    const final = await waitFor("both messages to finish", async () => {
      const rows = await prisma.message.findMany({ where: { tenantId: tenant.tenantId }, orderBy: { id: "asc" } });
      return rows.every((m) => m.status === "delivered" || m.status === "failed") && rows;
    });
    expect(final.map((m) => [m.id, m.status])).toEqual([[ok, "delivered"], [bad, "failed"]]);
    expect(final[1].refundTransferId).not.toBeNull();
    expect(await balanceOf(tenant, member.id)).toBe(1_000_000n - 45_000n);

    // sent and delivered for one, sent and failed for the other: four callbacks, each signed
    const mine = await waitFor("four callbacks", async () => {
      const list = received.filter((r) => [String(ok), String(bad)].includes(JSON.parse(r.body).messageId));
      return list.length >= 4 && list;
    });
    const secret = await webhookSecretFor(tenant.tenantId, member.id);
    for (const callback of mine) {
      const [, t] = /^t=(\d+),s=[0-9a-f]{64}$/.exec(callback.signature ?? "") ?? [];
      expect(t).toBeDefined();
      expect(callback.signature).toBe(signCallback(secret, callback.body, Number(t)));
    }
    const statuses = mine.map((c) => JSON.parse(c.body)).map((c) => `${c.messageId}:${c.status}`).sort();
    expect(statuses).toEqual([`${ok}:DELIVERED`, `${ok}:SENT`, `${bad}:FAILED`, `${bad}:SENT`].sort());
    expect(JSON.parse(mine[0].body)).toMatchObject({ phone: expect.stringMatching(/^\+357/), parts: 1, price: 0.045, trackingId: result.batchId });
  });
});
