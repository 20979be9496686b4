// The carriers' reads: connections with their live state (never a secret), routes in matching order, and the
// carrier side of a tenant's message. Connections and routes are the platform's, not a tenant's: each test
// names its own and removes them, so that no other file's routing changes.
import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/client";
import { stopQueue } from "@/lib/jobs/boss";
import { NotFoundError } from "@/lib/domain/errors";
import { setMessageStatuses, submitQueuedMessages } from "@/lib/domain/messaging/delivery";
import { sendMessages } from "@/lib/domain/messaging/send-messages";
import { rejection } from "@/lib/testing/assertions";
import { contextFor, credit, fundMaster, makeChild, makeTenant } from "@/lib/testing/factories";
import { testOperator } from "@/lib/testing/operator";
import { createConnection } from "./create-connection";
import { getConnection, getRoute, listConnections, listRoutes, messageCarrierParts, OWNER_GONE_AFTER_SECONDS } from "./queries";
import { removeConnection } from "./remove-connection";
import { removeRoute } from "./remove-route";
import { setConnectionPaused } from "./set-connection-paused";
import { setRoute } from "./set-route";

const PASSWORD = "pw123456";
const API_KEY = "upstream-key-that-must-never-show";
const CALLBACK_SECRET = "signing-secret-that-must-never-show";
const made = { connections: [] as number[], routes: [] as number[] };

afterAll(async () => {
  const ctx = await testOperator();
  for (const routeId of made.routes) await removeRoute({ ctx, input: { routeId } }).catch(() => undefined);
  await prisma.carrierQueue.deleteMany({ where: { connectionId: { in: made.connections } } });
  for (const connectionId of made.connections) await removeConnection({ ctx, input: { connectionId } }).catch(() => undefined);
  await stopQueue();
});

async function smppConnection(name = `SMSC ${randomUUID().slice(0, 8)}`) {
  const c = await createConnection({
    ctx: await testOperator(),
    input: { kind: "smpp", name, failoverAfterSeconds: 45, settings: { host: "smsc.example.net", port: 2776, tls: true, systemId: "acme", binds: 2, tps: 50 }, password: PASSWORD },
  });
  made.connections.push(c.id);
  return c;
}

async function httpConnection(name = `Upstream ${randomUUID().slice(0, 8)}`) {
  const c = await createConnection({
    ctx: await testOperator(),
    input: { kind: "http", name, failoverAfterSeconds: 30, settings: { baseUrl: "https://api.upstream.test/", window: 5, tps: null }, apiKey: API_KEY, callbackSecret: CALLBACK_SECRET },
  });
  made.connections.push(c.id);
  return c;
}

async function route(destination: string, connectionIds: number[]) {
  const r = await setRoute({ ctx: await testOperator(), input: { destination, connectionIds } });
  made.routes.push(r.id);
  return r;
}

/** What an owner writes once a second (connection-owner.ts), `ageSeconds` ago. */
async function report(connectionId: number, state: { status: string; bound: number; total: number; ageSeconds?: number; lastError?: string }) {
  await prisma.$executeRaw`
    INSERT INTO carrier_connection_state (connection_id, owner, heartbeat_at, status, bound_binds, total_binds, in_flight, submits_last_minute,
      receipts_last_minute, resubmissions, throttled, unmatched_receipts, last_error, last_error_at)
    VALUES (${connectionId}, 'test', now() - make_interval(secs => ${state.ageSeconds ?? 0}), ${state.status}, ${state.bound}, ${state.total}, 7, 600, 540, 3, 12, 2,
      ${state.lastError ?? null}, ${state.lastError ? new Date() : null})
    ON CONFLICT (connection_id) DO UPDATE SET heartbeat_at = EXCLUDED.heartbeat_at, status = EXCLUDED.status, bound_binds = EXCLUDED.bound_binds,
      total_binds = EXCLUDED.total_binds, last_error = EXCLUDED.last_error, last_error_at = EXCLUDED.last_error_at`;
}

/** Rows in a connection's queue (the queue names messages by id only: no message row is needed to count them). */
async function queue(connectionId: number, count: number) {
  const tenant = await makeTenant();
  await prisma.carrierQueue.createMany({
    data: Array.from({ length: count }, (_, i) => ({ tenantId: tenant.tenantId, messageId: BigInt(9_000_000 + i), connectionId, candidates: [connectionId] })),
  });
}

describe("listConnections and getConnection", () => {
  it("show each connection's settings, live state, queue depth and routes, and never a secret", async () => {
    const smpp = await smppConnection();
    const http = await httpConnection();
    await report(smpp.id, { status: "bound", bound: 1, total: 2, lastError: "bind 2: ESME_RBINDFAIL" });
    await report(http.id, { status: "ready", bound: 1, total: 1 });
    await queue(smpp.id, 3);
    await route("88812", [smpp.id, http.id]);
    await route("ZZ", [http.id]);

    const { rows, total } = await listConnections();
    expect(total).toBe(rows.length);
    const text = JSON.stringify(rows);
    for (const secret of [PASSWORD, API_KEY, CALLBACK_SECRET]) expect(text).not.toContain(secret);
    const sealed = await prisma.carrierConnection.findMany({ where: { id: { in: [smpp.id, http.id] } }, select: { secretSealed: true, callbackSecretSealed: true } });
    for (const s of sealed.flatMap((r) => [r.secretSealed, r.callbackSecretSealed]).filter(Boolean)) expect(text).not.toContain(s);

    const sandbox = rows.find((r) => r.kind === "sandbox")!;
    expect(sandbox).toMatchObject({ name: "Sandbox", settings: null, callbackUrl: null, state: { status: "sandbox" } });
    expect(rows.at(-1)!.kind).toBe("sandbox"); // the carriers first, the sandbox last

    const s = rows.find((r) => r.id === smpp.id)!;
    expect(s).toMatchObject({
      kind: "smpp",
      paused: false,
      failoverAfterSeconds: 45,
      hasSecret: true,
      callbackUrl: null,
      routes: ["88812"],
      settings: { host: "smsc.example.net", port: 2776, tls: true, systemId: "acme", binds: 2, tps: 50, window: 10, bindMode: "transceiver" },
      state: {
        status: "bound", reportedStatus: "bound", boundBinds: 1, totalBinds: 2, inFlight: 7, queueDepth: 3, submitsLastMinute: 600, receiptsLastMinute: 540,
        resubmissions: 3, throttled: 12, unmatchedReceipts: 2, lastError: "bind 2: ESME_RBINDFAIL",
      },
    });
    expect(s.state.lastErrorAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(s.state.heartbeatAgeSeconds).toBeLessThan(OWNER_GONE_AFTER_SECONDS);
    expect(s.summary).toEqual(expect.arrayContaining(["smsc.example.net:2776 (TLS)", "password set"]));

    const h = rows.find((r) => r.id === http.id)!;
    expect(h).toMatchObject({ kind: "http", hasSecret: true, hasCallbackSecret: true, routes: ["88812", "ZZ"], settings: { baseUrl: "https://api.upstream.test", window: 5, tps: null } });
    const token = (await prisma.carrierConnection.findUniqueOrThrow({ where: { id: http.id }, select: { callbackToken: true } })).callbackToken;
    expect(h.callbackUrl).toMatch(new RegExp(`/api/carrier-callbacks/${http.id}/${token}$`));
    expect(h.summary.join(" ")).toContain("API key set, callbacks signed");

    expect(await getConnection(http.id)).toEqual({ ...h, state: { ...h.state, heartbeatAgeSeconds: expect.any(Number) } });
  });

  it("say 'no owner' once the heartbeat is older than 15 s (or there never was one); paused and misconfigured say so first", async () => {
    const silent = await smppConnection();
    const stale = await smppConnection();
    const paused = await httpConnection();
    const broken = await smppConnection();
    await report(stale.id, { status: "bound", bound: 2, total: 2, ageSeconds: OWNER_GONE_AFTER_SECONDS + 5 });
    await report(paused.id, { status: "ready", bound: 1, total: 1 });
    await setConnectionPaused({ ctx: await testOperator(), input: { connectionId: paused.id, paused: true } });
    // what the supervisor writes when it cannot build the link: no heartbeat
    await prisma.carrierConnectionState.create({ data: { connectionId: broken.id, status: "misconfigured", lastError: "SMPP links are not wired yet", lastErrorAt: new Date() } });

    expect((await getConnection(silent.id)).state).toMatchObject({ status: "no_owner", reportedStatus: null, heartbeatAgeSeconds: null, queueDepth: 0, resubmissions: 0 });
    const staleState = (await getConnection(stale.id)).state;
    expect(staleState).toMatchObject({ status: "no_owner", reportedStatus: "bound" });
    expect(staleState.heartbeatAgeSeconds).toBeGreaterThanOrEqual(OWNER_GONE_AFTER_SECONDS + 5);
    expect((await getConnection(paused.id))).toMatchObject({ paused: true, state: { status: "paused", reportedStatus: "ready" } });
    expect((await getConnection(broken.id)).state).toMatchObject({ status: "misconfigured", lastError: "SMPP links are not wired yet" });
  });

  it("a removed connection is gone from the list and not found; a missing id is not found", async () => {
    const gone = await httpConnection();
    await removeConnection({ ctx: await testOperator(), input: { connectionId: gone.id } });
    expect((await listConnections()).rows.map((r) => r.id)).not.toContain(gone.id);
    expect(await rejection(getConnection(gone.id))).toBeInstanceOf(NotFoundError);
    expect(await rejection(getConnection(2_000_000_000))).toBeInstanceOf(NotFoundError);
  });
});

describe("listRoutes", () => {
  it("lists routes as they are matched: prefixes longest first, then countries, then '*', each with its connections in order", async () => {
    const a = await httpConnection();
    const b = await smppConnection();
    const sandboxId = (await prisma.carrierConnection.findFirstOrThrow({ where: { kind: "sandbox" }, select: { id: true } })).id;
    // '*' and the countries go to the sandbox: what an unrouted message does in the tests anyway
    const created = [
      await route("ZY", [sandboxId]),
      await route("888", [a.id]),
      await route("*", [sandboxId]),
      await route("88812345", [b.id, a.id]),
      await route("ZX", [sandboxId]),
      await route("8889", [a.id, b.id]),
    ];
    await setConnectionPaused({ ctx: await testOperator(), input: { connectionId: b.id, paused: true } });
    const mine = (await listRoutes()).rows.filter((r) => created.some((c) => c.id === r.id));
    expect(mine.map((r) => r.destination)).toEqual(["88812345", "8889", "888", "ZX", "ZY", "*"]);
    expect(mine.map((r) => r.match)).toEqual(["prefix", "prefix", "prefix", "country", "country", "default"]);
    expect(mine[0].connections).toEqual([
      { id: b.id, name: expect.any(String), kind: "smpp", paused: true },
      { id: a.id, name: expect.any(String), kind: "http", paused: false },
    ]);
    expect(await getRoute(created[1].id)).toMatchObject({ destination: "888", connections: [{ id: a.id }] });
    // '*' is the platform's fallback: not left behind for the files after this one
    await removeRoute({ ctx: await testOperator(), input: { routeId: created[2].id } });
    expect(await rejection(getRoute(created[2].id))).toBeInstanceOf(NotFoundError);
  });
});

describe("messageCarrierParts", () => {
  async function sentMessage() {
    const tenant = await makeTenant();
    const member = await makeChild(tenant);
    await fundMaster(tenant, 10_000_000n);
    await credit(tenant, member.id, 1_000_000n);
    const { messages } = await sendMessages({ ctx: contextFor(tenant, member.id), input: { messages: [{ to: "+35799123456", body: "hello" }] } });
    return { tenant, messageId: messages[0].id };
  }

  it("is null until a carrier took the message, 'Sandbox' for the sandbox, and the parts in order for a carrier, for its own tenant only", async () => {
    const { tenant, messageId } = await sentMessage();
    expect(await messageCarrierParts(tenant.tenantId, messageId)).toBeNull();

    const http = await httpConnection();
    await setMessageStatuses(tenant.tenantId, [{ messageId, status: "sent", providerId: "C-2", connectionId: http.id }]);
    await prisma.carrierMessage.createMany({
      data: [
        { connectionId: http.id, carrierId: `C-2-${messageId}`, tenantId: tenant.tenantId, messageId, part: 2, parts: 2, status: "failed", stat: "UNDELIV", errorCode: "0x0B" },
        { connectionId: http.id, carrierId: `C-1-${messageId}`, tenantId: tenant.tenantId, messageId, part: 1, parts: 2, status: "delivered", stat: "DELIVRD" },
      ],
    });
    const name = (await getConnection(http.id)).name;
    expect(await messageCarrierParts(tenant.tenantId, messageId)).toEqual({
      connectionName: name,
      isSandbox: false,
      parts: [
        { part: 1, parts: 2, carrierId: `C-1-${messageId}`, status: "delivered", stat: "DELIVRD", errorCode: null },
        { part: 2, parts: 2, carrierId: `C-2-${messageId}`, status: "failed", stat: "UNDELIV", errorCode: "0x0B" },
      ],
    });
    // another tenant asking for the same id sees nothing
    const other = await makeTenant();
    expect(await messageCarrierParts(other.tenantId, messageId)).toBeNull();
  });

  it("names the sandbox when the sandbox took it", async () => {
    const { tenant, messageId } = await sentMessage();
    await submitQueuedMessages(tenant.tenantId, [messageId]);
    expect(await messageCarrierParts(tenant.tenantId, messageId)).toEqual({ connectionName: "Sandbox", isSandbox: true, parts: [] });
  });
});
