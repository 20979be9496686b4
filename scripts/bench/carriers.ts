// npm run bench -- carriers: messages through the whole carrier path on the built app (next start) and its own
// PostgreSQL (fsync on): the send API (bulk requests of 1,000 recipients, so that the carrier path is what is
// measured) → routing → the connection's queue → its owner → one SMPP bind → a fake SMSC in this process (the
// tests' own, answering at once) → receipts → delivered. Counted at both ends: every message accepted by the
// SMSC exactly once (0 lost, 0 duplicated) and delivered in the database.
//   A. window 50, no TPS limit: messages/s (API to the last acceptance, and to the last delivery), and the p50/p99
//      of each message's time from its send to delivered
//   B. the same connection limited to 200 segments/s: the rate the SMSC saw, which must be within 10 % of it
// Options: --messages N (phase A, default 20000), --tps-messages N (phase B, default 3000).
import { randomUUID } from "node:crypto";
import { withBenchDatabase } from "./bench-db.ts";
import { startApp, stopApp } from "./app.ts";
import { cpuNow } from "./cpu.ts";

const PORT = 3211;
const BASE = `http://127.0.0.1:${PORT}`;
const SYSTEM_ID = "bench";
const PASSWORD = "bench123";
const CARRIER_SECRET_KEY = "bench-only-carrier-key-not-for-production";

function option(args: string[], name: string, fallback: number) {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
}

/** Valid Cypriot mobile numbers, none ending like the fake SMSC's test numbers (…0000, …0001, …0002). */
function recipients(count: number, offset: number) {
  const numbers: string[] = [];
  for (let i = offset; numbers.length < count; i++) {
    const tail = String(i % 1_000_000).padStart(6, "0");
    if (/000[012]$/.test(tail)) continue;
    numbers.push(`+35799${tail}`);
  }
  return numbers;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

export async function run(args: string[]) {
  const total = option(args, "--messages", 20_000);
  const tpsTotal = option(args, "--tps-messages", 3_000);
  process.env.CARRIER_SECRET_KEY = CARRIER_SECRET_KEY;
  await withBenchDatabase(async (url) => {
    const { prisma } = await import("../../lib/db/client.ts");
    const { createTenant } = await import("../../lib/domain/accounts/create-tenant.ts");
    const { payIn, testOperator } = await import("../../lib/testing/operator.ts");
    const { createApiKey } = await import("../../lib/domain/api-keys/create-api-key.ts");
    const { createConnection } = await import("../../lib/domain/carriers/create-connection.ts");
    const { updateConnection } = await import("../../lib/domain/carriers/update-connection.ts");
    const { setRoute } = await import("../../lib/domain/carriers/set-route.ts");
    const { startFakeSmsc } = await import("../../lib/domain/carriers/smpp/fake-smsc.ts");

    const smsc = await startFakeSmsc({ systemId: SYSTEM_ID, password: PASSWORD });
    const created = await createTenant({
      input: { tenantName: "Carrier bench", currency: "EUR", ownerName: "Bench", ownerEmail: `carriers-${randomUUID()}@bench.local`, ownerPassword: "bench-password" },
    });
    await payIn(created.tenantId, 1_000_000_000_000n, "bench funding");
    const owner = { tenantId: created.tenantId, accountId: created.masterAccountId, role: "owner" as const, actor: { type: "system" as const, name: "bench" }, currency: "EUR" };
    const key = (await createApiKey({ ctx: owner, input: { accountId: created.masterAccountId, name: "bench" } })).plaintext;
    const ctx = await testOperator();
    const settings = { host: smsc.host, port: smsc.port, tls: false, systemId: SYSTEM_ID, systemType: "", bindMode: "transceiver" as const, binds: 1, window: 50, tps: null as number | null, enquireLinkSeconds: 30, longMessageMethod: "udh" as const };
    const connection = await createConnection({ ctx, input: { kind: "smpp", name: "Bench SMSC", failoverAfterSeconds: 30, settings, password: PASSWORD } });
    await setRoute({ ctx, input: { destination: "35799", connectionIds: [connection.id] } });

    const app = await startApp(url, {
      port: PORT,
      env: { RATE_LIMIT_PER_KEY: "1000000", RATE_LIMIT_PER_TENANT: "1000000", CARRIER_SECRET_KEY, MESSAGE_DRIVER: "routes" },
      isReady: async (base) => (await fetch(`${base}/api/v1/messages`, { method: "POST" })).status === 401,
    });
    const bound = async (since: Date) => {
      for (let i = 0; i < 120; i++) {
        const state = await prisma.carrierConnectionState.findUnique({ where: { connectionId: connection.id } });
        if (state?.status === "bound" && state.heartbeatAt && state.heartbeatAt > since) return;
        await new Promise((r) => setTimeout(r, 250));
      }
      throw new Error("the bench connection did not bind");
    };
    const send = async (to: string[], text: string) => {
      const res = await fetch(`${BASE}/api/v1/messages`, {
        method: "POST",
        headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
        body: JSON.stringify({ to, message: text }),
      });
      if (res.status !== 201) throw new Error(`send answered ${res.status}: ${(await res.text()).slice(0, 200)}`);
      await res.text();
    };
    /** Sends `count` messages in bulk requests of 1,000 from 2 clients; resolves when the last request is answered. */
    const sendAll = async (count: number, offset: number, text: string) => {
      const batches: string[][] = [];
      const all = recipients(count, offset);
      for (let i = 0; i < all.length; i += 1000) batches.push(all.slice(i, i + 1000));
      await Promise.all([0, 1].map(async (client) => {
        for (let b = client; b < batches.length; b += 2) await send(batches[b], text);
      }));
    };
    const delivered = async (since: Date) =>
      (await prisma.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM message WHERE tenant_id = ${created.tenantId} AND created_at >= ${since} AND status = 'delivered'`)[0].n;

    try {
      await bound(new Date(0));
      // warm-up: compile the route, fill the pools, bind
      await sendAll(1000, 900_000, "warm-up");
      const warm = new Date(Date.now() - 60_000);
      for (let i = 0; i < 120 && Number(await delivered(warm)) < 1000; i++) await new Promise((r) => setTimeout(r, 250));

      // A: no TPS limit
      const acceptedBefore = smsc.stats().acceptedParts;
      const sinceA = new Date();
      const cpuBefore = cpuNow(app.pid!);
      const t0 = performance.now();
      await sendAll(total, 0, "Spring sale: 20% off everything this weekend.");
      const tSent = performance.now();
      let tDone = 0;
      for (let i = 0; i < 2400; i++) {
        if (Number(await delivered(sinceA)) >= total) {
          tDone = performance.now();
          break;
        }
        await new Promise((r) => setTimeout(r, 100));
      }
      const cpuAfter = cpuNow(app.pid!);
      const cpuPer = (k: keyof typeof cpuAfter) => ((1000 * (cpuAfter[k] - cpuBefore[k])) / total).toFixed(2);
      const acceptedAt = smsc.accepted().slice(acceptedBefore).map((a) => a.at);
      const tLastAccept = Math.max(...acceptedAt);
      const latency = await prisma.$queryRaw<{ ms: number }[]>`
        SELECT extract(epoch FROM done_at - created_at) * 1000 AS ms FROM message
         WHERE tenant_id = ${created.tenantId} AND created_at >= ${sinceA} AND status = 'delivered' ORDER BY 1`;
      const ms = latency.map((r) => Number(r.ms));
      const statsA = smsc.stats();
      const lost = total - (statsA.acceptedParts - acceptedBefore);
      console.log(`\nCarrier path, one SMPP bind (window 50, no TPS limit), ${total.toLocaleString("en")} messages in bulk requests of 1,000 from 2 clients, fake SMSC answering at once:`);
      console.log(`  all sends answered             ${((tSent - t0) / 1000).toFixed(1).padStart(6)} s   ${(total / ((tSent - t0) / 1000)).toFixed(0).padStart(6)} msg/s accepted by the API`);
      console.log(`  last one accepted by the SMSC  ${((tLastAccept - t0) / 1000).toFixed(1).padStart(6)} s   ${(total / ((tLastAccept - t0) / 1000)).toFixed(0).padStart(6)} msg/s through the carrier path (target >= 1,000)`);
      console.log(`  last one delivered             ${tDone ? ((tDone - t0) / 1000).toFixed(1).padStart(6) : "   n/a"} s   ${tDone ? (total / ((tDone - t0) / 1000)).toFixed(0).padStart(6) : "   n/a"} msg/s send to delivered`);
      console.log(`  send -> delivered per message  p50 ${percentile(ms, 50).toFixed(0)} ms   p99 ${percentile(ms, 99).toFixed(0)} ms   max ${(ms.at(-1) ?? 0).toFixed(0)} ms`);
      console.log(`  SMSC: ${statsA.acceptedParts - acceptedBefore} accepted, lost ${lost}, duplicated ${statsA.duplicateParts}; database: ${await delivered(sinceA)} delivered`);
      console.log(`  CPU per message, send to delivered: app ${cpuPer("app")} ms, PostgreSQL ${cpuPer("postgres")} ms (every postgres process on the machine), this client and the fake SMSC ${cpuPer("client")} ms`);

      // B: 200 segments/s
      const since = new Date();
      const current = await prisma.carrierConnection.findUniqueOrThrow({ where: { id: connection.id }, select: { failoverAfterSeconds: true } });
      await updateConnection({ ctx, input: { kind: "smpp", connectionId: connection.id, name: "Bench SMSC", failoverAfterSeconds: current.failoverAfterSeconds, settings: { ...settings, tps: 200 } } });
      await bound(since);
      await new Promise((r) => setTimeout(r, 1500)); // the owner rebinds with the new settings
      const beforeB = smsc.accepted().length;
      const sinceB = new Date();
      await sendAll(tpsTotal, 500_000, "Limited to 200 per second.");
      for (let i = 0; i < 600 && Number(await delivered(sinceB)) < tpsTotal; i++) await new Promise((r) => setTimeout(r, 200));
      const atB = smsc.accepted().slice(beforeB).map((a) => a.at).sort((a, b) => a - b);
      // the steady part: leave out the first and last half second (a bucket's burst, the tail)
      const first = atB[0] + 500;
      const last = atB.at(-1)! - 500;
      const steady = atB.filter((t) => t >= first && t <= last).length;
      const rate = steady / ((last - first) / 1000);
      const statsB = smsc.stats();
      console.log(`\nThe same connection limited to 200 segments/s, ${tpsTotal.toLocaleString("en")} messages:`);
      console.log(`  SMSC saw ${rate.toFixed(1)} submits/s in the steady part (${((100 * (rate - 200)) / 200).toFixed(1)}% from 200; within 10%: ${Math.abs(rate - 200) <= 20 ? "yes" : "NO"}), ${atB.length} accepted, duplicated ${statsB.duplicateParts - statsA.duplicateParts}; database: ${await delivered(sinceB)} delivered`);
    } finally {
      await stopApp(app);
      await smsc.close();
      await prisma.$disconnect();
    }
  });
}
