// A message whose submit job was lost (the app died between the commit and the queue) is still handed to the
// carrier: the sweeper finds it queued and submits it. No workers run in this file, so nothing else does.
import { afterAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/client";
import { contextFor, credit, fundMaster, makeChild, makeTenant } from "@/lib/testing/factories";
import { sendMessages } from "@/lib/domain/messaging/send-messages";
import { sweepQueuedMessages } from "./workers";
import { stopQueue } from "./boss";

afterAll(() => stopQueue());

describe("sweepQueuedMessages", () => {
  it("submits messages left queued, once", async () => {
    const tenant = await makeTenant();
    const member = await makeChild(tenant);
    await fundMaster(tenant, 10_000_000n);
    await credit(tenant, member.id, 1_000_000n);
    const { messages } = await sendMessages({ ctx: contextFor(tenant, member.id), input: { messages: [{ to: "+35799123456", body: "lost job" }] } });
    const id = messages[0].id;
    expect((await prisma.message.findFirstOrThrow({ where: { tenantId: tenant.tenantId, id } })).status).toBe("queued");
    // not yet stale: left alone
    await sweepQueuedMessages();
    expect((await prisma.message.findFirstOrThrow({ where: { tenantId: tenant.tenantId, id } })).status).toBe("queued");
    expect(await sweepQueuedMessages({ olderThanSeconds: 0 })).toBeGreaterThanOrEqual(1);
    const swept = await prisma.message.findFirstOrThrow({ where: { tenantId: tenant.tenantId, id } });
    expect(swept.status).toBe("sent");
    expect(swept.providerId).toMatch(/^sbx-/);
    const events = await prisma.messageEvent.findMany({ where: { tenantId: tenant.tenantId, messageId: id } });
    expect(events.map((e) => e.status)).toEqual(["sent"]);
    expect(await sweepQueuedMessages({ olderThanSeconds: 0 })).toBe(0);
  });
});
