// Scenario 2: `kill -9` of the app in the middle of money requests. Each round fires a burst of credits (and a
// debit and an SMS send), each with its own Idempotency-Key, kills the whole `next start` process group at a
// random moment 0–30 ms later (--kill-ms), starts it again and sends every request of the burst again with the
// same key until it is acknowledged. Then each key must have moved money exactly once, and nothing may stay
// locked.
import { randomUUID } from "node:crypto";
import os from "node:os";
import { callApi, centsString, errorCodeOf, microOf, type Call, type Reply } from "./api.ts";
import { startInstance, type AppInstance } from "./app.ts";
import { checkAcks, checkBooks, checkNoLocks, checkWholeness, merge } from "./checks.ts";
import { connect } from "./cluster.ts";
import { STRESS_APP_PORTS } from "./config.ts";
import { buildTenant } from "./fixture.ts";
import { ms, percentile, type ScenarioResult } from "./report.ts";
import type { SuiteEnv } from "./storm.ts";
import type { Ack } from "./workload.ts";

type Planned = { kind: "credit" | "debit" | "charge"; apiKey: string; call: Call; ledgerKey: string; cents: number; fromId: number; toId: number | null };

export async function runKillApp(env: SuiteEnv, o: { rounds: number; burst: number; killMs: number }): Promise<ScenarioResult> {
  const t0 = performance.now();
  const lines: string[] = [];
  const violations: string[] = [];
  const tenant = await buildTenant({ name: "Kill app", partners: 0, membersPerParent: 8, masterKeys: 1 });
  const manager = tenant.managers[0];
  const members = [...tenant.accounts.values()].filter((a) => a.parentId !== null);
  const port = STRESS_APP_PORTS[0];
  const start = () => startInstance(port, { databaseUrl: env.cluster.url, authSecret: env.authSecret, smtpUrl: env.smtpUrl, extra: env.appEnv });

  const pick = <T>(list: T[]) => list[Math.floor(Math.random() * list.length)];
  const plan = (kind: Planned["kind"]): Planned => {
    const member = pick(members);
    const key = randomUUID();
    if (kind === "charge") {
      const call: Call = { method: "POST", path: "/api/v1/messages", body: { to: `+3579912${1000 + Math.floor(Math.random() * 8999)}`, message: `Kill round ${key.slice(0, 8)}` }, idempotencyKey: key };
      return { kind, apiKey: member.key!, call, ledgerKey: `msg:${member.id}:${key}`, cents: 0, fromId: member.id, toId: null };
    }
    // small debits against members credited with 50.00 and topped up by the credits: never short of money
    const cents = kind === "credit" ? 1 + Math.floor(Math.random() * 500) : 1 + Math.floor(Math.random() * 50);
    const call: Call = { method: "POST", path: `/api/v1/accounts/${member.id}/${kind}`, body: { amount: centsString(cents) }, idempotencyKey: key };
    const [fromId, toId] = kind === "credit" ? [tenant.masterId, member.id] : [member.id, tenant.masterId];
    return { kind, apiKey: manager.key, call, ledgerKey: `api:${manager.apiKeyId}:${key}`, cents, fromId, toId };
  };

  let app: AppInstance = await start();
  const firstStartMs = app.readyMs;
  // warm: the routes' code loaded and the pools open, as in a server that has been running
  for (const kind of ["credit", "debit", "charge"] as const) {
    const p = plan(kind);
    const reply = await callApi(app.base, p.apiKey, p.call);
    if (reply.status !== 201) throw new Error(`warm-up ${kind}: ${errorCodeOf(reply)} ${JSON.stringify(reply.body)}`);
  }

  const acks: Ack[] = [];
  const restartMs: number[] = [];
  const killDelays: number[] = [];
  const kinds = new Map<string, number>();
  const outcome = { answeredBeforeKill: 0, lostThenReplayed: 0, lostThenApplied: 0, replayMismatch: 0 };
  let retries = 0;
  let maxBackends = 0;
  const db = await connect(env.cluster.url);
  try {
    for (let round = 1; round <= o.rounds; round++) {
      const burst: Planned[] = [...Array.from({ length: Math.max(1, o.burst - 2) }, () => plan("credit")), plan("debit"), plan("charge")].slice(0, Math.max(o.burst, 1));
      const killAfter = Math.random() * o.killMs;
      killDelays.push(killAfter);
      for (const p of burst) kinds.set(p.kind, (kinds.get(p.kind) ?? 0) + 1);
      const inFlight = burst.map((p) => callApi(app.base, p.apiKey, p.call, { timeoutMs: 10_000 }));
      await new Promise((r) => setTimeout(r, killAfter));
      const killedAt = performance.now();
      await app.kill9();
      const first = await Promise.all(inFlight);
      app = await start();
      restartMs.push(performance.now() - killedAt);

      // every request again with its key, until acknowledged: an answered one must replay the same transfer
      for (const [i, p] of burst.entries()) {
        let reply: Reply;
        for (let attempt = 0; ; attempt++) {
          reply = await callApi(app.base, p.apiKey, p.call);
          if (reply.status === 201 || attempt >= 20) break;
          retries++;
          await new Promise((r) => setTimeout(r, 100));
        }
        if (reply.status !== 201) {
          violations.push(`round ${round}: ${p.kind} ${p.ledgerKey} never acknowledged after the restart: ${errorCodeOf(reply)} ${JSON.stringify(reply.body)}`);
          continue;
        }
        const body = reply.body as { id?: string; transfer_id?: string; amount?: string; price?: string; charged_account_id?: number };
        const transferId = p.kind === "charge" ? body.transfer_id! : body.id!;
        const firstBody = first[i].body as { id?: string; transfer_id?: string } | null;
        if (first[i].status === 201) {
          outcome.answeredBeforeKill++;
          const firstId = p.kind === "charge" ? firstBody?.transfer_id : firstBody?.id;
          if (!reply.replayed || firstId !== transferId) {
            outcome.replayMismatch++;
            violations.push(`round ${round}: ${p.ledgerKey} was answered ${firstId} before the kill, ${transferId} (replayed=${reply.replayed}) after`);
          }
        } else if (reply.replayed) outcome.lostThenReplayed++;
        else outcome.lostThenApplied++;
        const amount = p.kind === "charge" ? microOf(body.price!) : microOf(body.amount!);
        if (p.kind !== "charge" && amount !== BigInt(p.cents) * 10_000n) violations.push(`round ${round}: ${p.ledgerKey} moved ${body.amount}, asked ${centsString(p.cents)}`);
        acks.push({ op: p.kind === "charge" ? "send" : p.kind, tenantId: tenant.id, transferId, kind: p.kind, amount, fromId: p.kind === "charge" ? body.charged_account_id! : p.fromId, toId: p.toId, ledgerKey: p.ledgerKey, afterRetry: first[i].status !== 201 });
      }

      // the dead process's sessions: gone, with nothing left locked or open (checked each round, 1 s grace)
      const locks = await checkNoLocks(db, [tenant.id], 1);
      for (const v of locks.violations) violations.push(`round ${round}: ${v}`);
      const { rows } = await db.query<{ n: string }>("SELECT count(*)::text AS n FROM pg_stat_activity WHERE datname = current_database() AND backend_type = 'client backend'");
      maxBackends = Math.max(maxBackends, Number(rows[0].n));
      if (round % 25 === 0 || round === o.rounds) {
        console.log(`  [kill app] round ${round}/${o.rounds}: restart p50 ${ms(percentile(restartMs, 50))}, ${violations.length} violations`);
      }
    }
    await app.stop();

    const ids = [tenant.id];
    const checks = merge(await checkAcks(db, acks), await checkBooks(db, ids), await checkWholeness(db, ids), await checkNoLocks(db, ids));
    const sent = acks.length;
    const mix = [...kinds.entries()].map(([kind, n]) => `${n} ${kind}`).join(", ");
    lines.push(`${o.rounds} rounds of ${o.burst} concurrent requests, kill -9 of the app's process group at a random 0–${o.killMs} ms (p50 ${ms(percentile(killDelays, 50))}), restart, retry with the same key: ${sent} operations (${mix})`);
    lines.push(
      `  answered before the kill ${outcome.answeredBeforeKill} (replayed after: ${outcome.answeredBeforeKill - outcome.replayMismatch}); ` +
        `unanswered ${outcome.lostThenReplayed + outcome.lostThenApplied}: committed before the kill, replayed on retry ${outcome.lostThenReplayed}; applied by the retry ${outcome.lostThenApplied}; extra attempts ${retries}`,
    );
    lines.push(
      `  restart (kill → answering): first start ${ms(firstStartMs)}, p50 ${ms(percentile(restartMs, 50))}, p95 ${ms(percentile(restartMs, 95))}, max ${ms(percentile(restartMs, 100))}; ` +
        `client backends at most ${maxBackends} (no leak across restarts); load average ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} cores`,
    );
    lines.push(...checks.lines);
    violations.push(...checks.violations);
  } finally {
    await db.end();
    await app.stop();
  }
  return { name: "2. kill -9 the app mid-transfer", seconds: (performance.now() - t0) / 1000, lines, violations };
}
