// A destination without a route, where the platform refuses it (MESSAGE_DRIVER=routes, production's default):
// the whole send is refused, each such number named, and nothing charged, counted or logged.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/client";
import { sendMessages } from "@/lib/domain/messaging/send-messages";
import { scheduleMessages } from "@/lib/domain/messaging/schedule-messages";
import { balanceOf, contextFor, credit, fundMaster, makeChild, makeTenant } from "@/lib/testing/factories";
import { testOperator } from "@/lib/testing/operator";
import { NO_ROUTE_REASON } from "./assert-routable";
import { forgetRoutingTable } from "./routing";
import { removeRoute } from "./remove-route";
import { setRoute } from "./set-route";

let routeId: number;

beforeAll(async () => {
  process.env.MESSAGE_DRIVER = "routes";
  const sandbox = await prisma.carrierConnection.findFirstOrThrow({ where: { kind: "sandbox" } });
  routeId = (await setRoute({ ctx: await testOperator(), input: { destination: "CY", connectionIds: [sandbox.id] } })).id;
  forgetRoutingTable();
});

afterAll(async () => {
  delete process.env.MESSAGE_DRIVER;
  await removeRoute({ ctx: await testOperator(), input: { routeId } });
  forgetRoutingTable();
});

describe("no route for a destination", () => {
  it("refuses the whole send before any charge, naming each unroutable number; a routed one alone goes", async () => {
    const tenant = await makeTenant();
    const member = await makeChild(tenant);
    await fundMaster(tenant, 10_000_000n);
    await credit(tenant, member.id, 1_000_000n);
    const ctx = contextFor(tenant, member.id);
    const refused = sendMessages({ ctx, input: { messages: [{ to: "+35799123456", body: "routed" }, { to: "+447911123456", body: "no route" }] } });
    await expect(refused).rejects.toMatchObject({ code: "validation_failed", fieldErrors: { "messages.1.to": [NO_ROUTE_REASON] } });
    await expect(scheduleMessages({ ctx, input: { messages: [{ to: "+447911123456", body: "later" }] }, scheduledAt: new Date(Date.now() + 3600_000) })).rejects.toMatchObject({
      fieldErrors: { "messages.0.to": [NO_ROUTE_REASON] },
    });
    expect(await prisma.message.count({ where: { tenantId: tenant.tenantId } })).toBe(0);
    expect(await balanceOf(tenant, member.id)).toBe(1_000_000n);
    const sent = await sendMessages({ ctx, input: { messages: [{ to: "+35799123456", body: "routed" }] } });
    expect(sent.messages).toHaveLength(1);
  });
});
