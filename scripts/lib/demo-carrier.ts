// The demo's carrier: `npm run dev` starts a fake SMSC (the one the tests use, lib/domain/carriers/smpp/fake-smsc.ts)
// and keeps one SMPP connection pointed at it, with a route for UK numbers (+44), so that a newcomer sees real
// binds, submits per second and receipts on the operator's Carriers page without any carrier. Everything else
// still goes to the sandbox. The fake SMSC answers as the sandbox does: …0001 refused, …0000 undeliverable,
// …0002 no receipt, anything else delivered a second later.
import { prisma } from "../../lib/db/client.ts";
import { createConnection } from "../../lib/domain/carriers/create-connection.ts";
import { setRoute } from "../../lib/domain/carriers/set-route.ts";
import { updateConnection } from "../../lib/domain/carriers/update-connection.ts";
import { startFakeSmsc, type FakeSmsc } from "../../lib/domain/carriers/smpp/fake-smsc.ts";
import type { OperatorContext } from "../../lib/domain/platform/operator-context.ts";

export const DEMO_CARRIER = { name: "Demo SMSC (local fake)", systemId: "demo", password: "demo1234", destination: "44" } as const;

export async function startDemoSmsc(port: number): Promise<FakeSmsc> {
  const options = { systemId: DEMO_CARRIER.systemId, password: DEMO_CARRIER.password, answerDelayMs: 5, receiptDelayMs: 1000 };
  return startFakeSmsc({ ...options, port }).catch(() => startFakeSmsc(options)); // taken: any free port
}

/** The demo connection (pointed at the fake SMSC's port of this run) and its route, created once. */
export async function ensureDemoCarrier(smsc: FakeSmsc) {
  const operator = await prisma.user.findFirst({ where: { isOperator: true }, orderBy: { id: "asc" }, select: { id: true, name: true } });
  if (!operator) return;
  const ctx: OperatorContext = { actor: { type: "user", userId: operator.id }, label: `${operator.name ?? "Operator"} (demo set-up)` };
  const settings = {
    host: smsc.host,
    port: smsc.port,
    tls: false,
    systemId: DEMO_CARRIER.systemId,
    systemType: "",
    bindMode: "transceiver" as const,
    binds: 1,
    window: 10,
    tps: 50,
    enquireLinkSeconds: 30,
    longMessageMethod: "udh" as const,
  };
  const existing = await prisma.carrierConnection.findFirst({ where: { name: DEMO_CARRIER.name, removedAt: null }, select: { id: true, settings: true, failoverAfterSeconds: true } });
  let connectionId = existing?.id;
  if (!existing) {
    connectionId = (await createConnection({ ctx, input: { kind: "smpp", name: DEMO_CARRIER.name, failoverAfterSeconds: 30, settings, password: DEMO_CARRIER.password } })).id;
  } else if ((existing.settings as { port?: number }).port !== smsc.port) {
    await updateConnection({ ctx, input: { kind: "smpp", connectionId: existing.id, name: DEMO_CARRIER.name, failoverAfterSeconds: existing.failoverAfterSeconds, settings } });
  }
  const route = await prisma.carrierRoute.findUnique({ where: { destination: DEMO_CARRIER.destination }, select: { id: true } });
  if (!route && connectionId) await setRoute({ ctx, input: { destination: DEMO_CARRIER.destination, connectionIds: [connectionId] } });
}
