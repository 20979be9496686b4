// Scenario 3: PostgreSQL crashes (`pg_ctl stop -m immediate`) in the middle of a storm and comes back after a
// short outage. The clients retry every failed request with its Idempotency-Key, as a real client would; the
// apps are not restarted. Afterwards every operation a client saw acknowledged is in the ledger as replied,
// nothing is half-applied, and both instances answered again without a restart.
import { connect } from "./cluster.ts";
import { ms } from "./report.ts";
import { runStorm, type StormOptions, type SuiteEnv } from "./storm.ts";

const sleep = (millis: number) => new Promise((r) => setTimeout(r, Math.max(0, millis)));

/** Failures after the database is back for this long are the apps' fault, not the outage's. */
const RECOVERY_GRACE_MS = 15_000;

export async function runKillPg(env: SuiteEnv, o: { seconds: number; clients: number; outageMs: number; tenants: StormOptions["tenants"] }) {
  return runStorm(env, {
    name: "3. kill PostgreSQL during a storm",
    seconds: o.seconds,
    clients: o.clients,
    instances: 2,
    tenants: o.tenants,
    mode: "retry",
    async fault({ tally, instances, started, deadline }) {
      const lines: string[] = [];
      await sleep(started + (o.seconds * 1000) / 3 - performance.now());
      const crashAt = performance.now() - tally.started;
      const opsBefore = [...tally.done.values()].reduce((a, b) => a + b, 0);
      const stopMs = await env.cluster.crash();
      await sleep(o.outageMs);
      const recoveryMs = await env.cluster.restart();
      const restartedAt = performance.now() - tally.started;
      tally.watchFrom = restartedAt;
      lines.push(
        `PostgreSQL crashed at ${(crashAt / 1000).toFixed(1)} s (after ${opsBefore} operations; pg_ctl stop -m immediate took ${ms(stopMs)}), ` +
          `down ${ms(o.outageMs)}, back after ${ms(recoveryMs)} of crash recovery (pg_ctl start -w)`,
      );

      // every instance must serve again by itself (no restart): its first acknowledged request after the restart
      const bases = instances.map((i) => i.base);
      while (performance.now() < deadline && bases.some((b) => !tally.firstOkAfterWatch.has(b))) await sleep(50);
      for (const base of bases) {
        const at = tally.firstOkAfterWatch.get(base);
        if (at === undefined) tally.violation(`${base} answered nothing successfully after PostgreSQL came back (until the storm ended)`);
        else lines.push(`${base} acknowledged again ${ms(at - restartedAt)} after PostgreSQL was back (no app restart)`);
      }

      // the background side reconnects too: the job queue and the outbox listener of each instance
      await sleep(Math.min(5_000, deadline - performance.now() - 500));
      const db = await connect(env.cluster.url);
      try {
        const { rows } = await db.query<{ application_name: string; n: string }>(
          `SELECT application_name, count(*)::text AS n FROM pg_stat_activity
            WHERE datname = current_database() AND application_name IN ('subledger-jobs', 'subledger-listen-subledger_outbox')
            GROUP BY application_name ORDER BY application_name`,
        );
        const count = (name: string) => Number(rows.find((r) => r.application_name === name)?.n ?? 0);
        const listeners = count("subledger-listen-subledger_outbox");
        lines.push(`after recovery: ${count("subledger-jobs")} job-queue connections, ${listeners} of ${instances.length} outbox listeners reconnected`);
        if (listeners < instances.length) {
          tally.violation(`only ${listeners} of ${instances.length} instances listen on subledger_outbox again after the crash (low-balance and recharge mail then waits for the minute sweeper)`);
        }
      } finally {
        await db.end();
      }

      await sleep(deadline - performance.now());
      // the requests that failed while the database was away, and any after it was back (which there must not be)
      const during = new Map<string, number>();
      let late = 0;
      for (const f of tally.failures) {
        if (f.at < crashAt) tally.violation(`a request failed before the crash: ${f.code}`);
        else if (f.at <= restartedAt + RECOVERY_GRACE_MS) during.set(f.code, (during.get(f.code) ?? 0) + 1);
        else late++;
      }
      if (late) tally.violation(`${late} requests failed more than ${RECOVERY_GRACE_MS / 1000} s after PostgreSQL was back`);
      lines.push(`failed during the outage and retried: ${[...during.entries()].map(([code, n]) => `${code} ×${n}`).join(", ") || "none"}`);
      const afterRetry = tally.acks.filter((a) => a.afterRetry).length;
      lines.push(`acknowledged only after a retry: ${afterRetry} money operations, of which ${tally.replayedAfterFailure} replays (committed before the failure the client saw)`);
      return lines;
    },
  });
}
