// The ledger's hot path against pgbench's TPC-B on the same PostgreSQL, same settings (fsync on).
//   (a) 8 workers moving money between random parent/child pairs among 50 accounts (credits and debits)
//   (b) 8 workers crediting 30 children of one hot master (every transfer locks the master row)
// Each transfer goes through postTransfer() with an idempotency key, as the API and the dashboard call it.
import { execFileSync } from "node:child_process";
import os from "node:os";
import { randomUUID } from "node:crypto";
import { withBenchDatabase } from "./bench-db.ts";
import { cpuNow, machineBusyNow } from "./cpu.ts";

const WORKERS = 8;
const isAudited = process.env.BENCH_AUDIT === "on";
const BENCH_REQUEST = { ip: "203.0.113.10", userAgent: "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36" };

type Result = { label: string; ops: number; errors: number; seconds: number; p50: number; p99: number };

function percentile(sorted: number[], p: number) {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : 0;
}

async function drive(label: string, seconds: number, once: () => Promise<void>): Promise<Result> {
  const latencies: number[] = [];
  let errors = 0;
  const deadline = performance.now() + seconds * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: WORKERS }, async () => {
      while (performance.now() < deadline) {
        const t0 = performance.now();
        try {
          await once();
          latencies.push(performance.now() - t0);
        } catch {
          errors++;
        }
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { label, ops: latencies.length, errors, seconds: elapsed, p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
}

function pgbench(url: URL, scale: number, seconds: number) {
  const env = { ...process.env, PGPASSWORD: decodeURIComponent(url.password) };
  const conn = ["-h", url.hostname, "-p", url.port, "-U", decodeURIComponent(url.username)];
  const database = `pgbench_s${scale}`;
  execFileSync("psql", [...conn, "-d", "postgres", "-qc", `DROP DATABASE IF EXISTS ${database}`, "-c", `CREATE DATABASE ${database}`], { env, stdio: "ignore" });
  execFileSync("pgbench", [...conn, "-i", "-q", "-s", String(scale), database], { env, stdio: "ignore" });
  const out = execFileSync("pgbench", [...conn, "-n", "-c", String(WORKERS), "-j", "2", "-T", String(seconds), "-r", database], { env, encoding: "utf8" });
  const tps = Number(/tps = ([\d.]+) \(without initial connection time\)/.exec(out)?.[1]);
  const latency = Number(/latency average = ([\d.]+) ms/.exec(out)?.[1]);
  return { tps, latency };
}

export async function run(args: string[]) {
  const secondsArg = args.indexOf("--seconds");
  const seconds = secondsArg >= 0 ? Number(args[secondsArg + 1]) : 20;
  await withBenchDatabase(async (url) => {
    process.env.DB_POOL_SIZE = String(WORKERS);
    const { prisma } = await import("../../lib/db/client.ts");
    const { createTenant } = await import("../../lib/domain/accounts/create-tenant.ts");
    const { createChildAccount } = await import("../../lib/domain/accounts/create-child-account.ts");
    const { payIn } = await import("../../lib/testing/operator.ts");
    const { postTransfer } = await import("../../lib/domain/ledger/post-transfer.ts");

    const [{ version }] = await prisma.$queryRaw<{ version: string }[]>`SELECT version()`;
    const [{ fsync }] = await prisma.$queryRaw<{ fsync: string }[]>`SELECT current_setting('fsync') AS fsync`;
    console.log(`PostgreSQL: ${version.split(",")[0]}, fsync=${fsync}; ${WORKERS} workers, ${seconds} s per run; Node ${process.version}; ` +
      `ledger batches in flight: ${(await import("../../lib/db/pool.ts")).ledgerBatchesInFlight()} (LEDGER_BATCHES_IN_FLIGHT); audit rows ${isAudited ? "on" : "off"} (BENCH_AUDIT)`);

    const tenant = await createTenant({
      input: { tenantName: "Bench", currency: "EUR", ownerName: "Bench", ownerEmail: `bench-${randomUUID()}@bench.local`, ownerPassword: "bench-password" },
    });
    const ctx = { tenantId: tenant.tenantId, accountId: tenant.masterAccountId, role: "owner" as const, actor: { type: "system" as const, name: "bench" }, currency: "EUR" };
    await payIn(tenant.tenantId, 10n ** 15n, "bench funding");
    const transfer = (kind: "credit" | "debit", parent: number, child: number, amount: bigint) =>
      postTransfer({
        tenantId: tenant.tenantId, kind,
        fromAccountId: kind === "credit" ? parent : child, toAccountId: kind === "credit" ? child : parent,
        amount, idempotencyKey: randomUUID(), actor: ctx.actor, currency: "EUR",
        // BENCH_AUDIT=on: each transfer also writes its audit row, as the dashboard's and the API's credits do
        ...(isAudited ? { audit: { action: kind === "credit" ? "member_credited" : "member_debited", request: BENCH_REQUEST } as const } : {}),
      });

    // (a) 50 accounts: the master, 7 partners, 42 members; every account has money to move
    const pairs: [number, number][] = [];
    for (let p = 0; p < 7; p++) {
      const partner = await createChildAccount({ ctx, input: { parentId: tenant.masterAccountId, name: `Partner ${p}`, isPartner: true } });
      await transfer("credit", tenant.masterAccountId, partner.id, 10n ** 12n);
      pairs.push([tenant.masterAccountId, partner.id]);
      for (let m = 0; m < 6; m++) {
        const member = await createChildAccount({ ctx, input: { parentId: partner.id, name: `Member ${p}.${m}` } });
        await transfer("credit", partner.id, member.id, 10n ** 10n);
        pairs.push([partner.id, member.id]);
      }
    }
    // like pgbench after its -i, each phase starts on vacuumed tables
    const vacuum = () => prisma.$executeRawUnsafe(process.env.BENCH_VACUUM ?? "VACUUM ANALYZE account, transfer");
    await vacuum();
    // CPU per transfer: this process runs both the 8 workers and the app's ledger client (group commit, pg)
    type Cpu = ReturnType<typeof cpuNow> & { machine: number };
    const cpuSample = (): Cpu => ({ ...cpuNow(), machine: machineBusyNow() });
    const cpuPerTransfer = (before: Cpu, after: Cpu, r: Result) =>
      `CPU per transfer: this process (workers + ledger client) ${((1000 * (after.client - before.client)) / r.ops).toFixed(3)} ms, ` +
      `PostgreSQL ${((1000 * (after.postgres - before.postgres)) / r.ops).toFixed(3)} ms, ` +
      `whole machine ${((1000 * (after.machine - before.machine)) / r.ops).toFixed(3)} ms (${((100 * (after.machine - before.machine)) / r.seconds / (os.cpus().length)).toFixed(0)} % of its cores busy)`;
    // the bench database is reused between runs, and pg_stat_database counts since it was created
    const deadlocksNow = async () =>
      (await prisma.$queryRaw<{ deadlocks: bigint }[]>`SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()`)[0].deadlocks;
    const deadlocksBefore = await deadlocksNow();
    const cpuBeforeMixed = cpuSample();
    const mixed = await drive("(a) random parent/child pairs, 50 accounts", seconds, async () => {
      const [parent, child] = pairs[Math.floor(Math.random() * pairs.length)];
      await transfer(Math.random() < 0.5 ? "credit" : "debit", parent, child, BigInt(1 + Math.floor(Math.random() * 1000)));
    });

    const mixedCpu = cpuPerTransfer(cpuBeforeMixed, cpuSample(), mixed);

    // (b) one hot master crediting 30 children
    const children: number[] = [];
    for (let c = 0; c < 30; c++) children.push((await createChildAccount({ ctx, input: { parentId: tenant.masterAccountId, name: `Hot child ${c}` } })).id);
    await vacuum();
    const cpuBeforeHot = cpuSample();
    const hot = await drive("(b) hot master crediting 30 children", seconds, async () => {
      await transfer("credit", tenant.masterAccountId, children[Math.floor(Math.random() * children.length)], 1_000n);
    });
    const hotCpu = cpuPerTransfer(cpuBeforeHot, cpuSample(), hot);

    const deadlocks = (await deadlocksNow()) - deadlocksBefore;
    const { findLedgerDiscrepancies } = await import("../../lib/domain/ledger/reconcile.ts");
    const discrepancies = await findLedgerDiscrepancies(prisma, tenant.tenantId);
    await prisma.$disconnect();

    const parsed = new URL(url);
    const s16 = pgbench(parsed, 16, seconds);
    const s1 = pgbench(parsed, 1, seconds);

    const row = (r: Result, reference: { tps: number }) => {
      const tps = r.ops / r.seconds;
      return `${r.label.padEnd(46)} ${tps.toFixed(0).padStart(7)} transfers/s  p50 ${r.p50.toFixed(2)} ms  p99 ${r.p99.toFixed(2)} ms  errors ${r.errors}  → ${(tps / reference.tps).toFixed(2)}× pgbench`;
    };
    console.log("");
    console.log(row(mixed, s16) + " (scale 16)");
    console.log(`  ${mixedCpu}`);
    console.log(row(hot, s1) + " (scale 1)");
    console.log(`  ${hotCpu}`);
    console.log(`${"pgbench TPC-B scale 16 (-c 8 -j 2)".padEnd(46)} ${s16.tps.toFixed(0).padStart(7)} tps          avg ${s16.latency.toFixed(2)} ms`);
    console.log(`${"pgbench TPC-B scale 1 (-c 8 -j 2)".padEnd(46)} ${s1.tps.toFixed(0).padStart(7)} tps          avg ${s1.latency.toFixed(2)} ms`);
    console.log(`Reconciliation after the runs: ${discrepancies.length === 0 ? "OK" : `${discrepancies.length} discrepancies`}; deadlocks detected in the two runs (and retried): ${deadlocks}`);
    if (discrepancies.length) process.exitCode = 1;
  });
}
