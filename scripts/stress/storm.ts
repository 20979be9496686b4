// Scenario 1, the storm: several `next start` instances against one PostgreSQL, clients spread over them doing
// random money work through the native API; then the books are checked. Scenario 3 (kill-pg.ts) is the same
// storm with PostgreSQL crashed in the middle of it.
import os from "node:os";
import type pg from "pg";
import { signIn } from "../bench/app.ts";
import { startInstance, type AppInstance } from "./app.ts";
import { checkAcks, checkBooks, checkNoLocks, checkWholeness, merge } from "./checks.ts";
import type { StressCluster } from "./cluster.ts";
import { STRESS_APP_PORTS } from "./config.ts";
import { buildTenant, type StressTenant, type TenantShape } from "./fixture.ts";
import { describeTally, ms, type ScenarioResult } from "./report.ts";
import { runClient, Tally, type ClientOptions } from "./workload.ts";

export type SuiteEnv = {
  cluster: StressCluster;
  authSecret: string;
  smtpUrl: string;
  /** a fresh connection for the checks */
  connect(): Promise<pg.Client>;
  /** the rate limits off: the storm measures the ledger, not the limiter */
  appEnv: Record<string, string>;
};

export type StormOptions = {
  name: string;
  seconds: number;
  clients: number;
  instances: number;
  tenants: TenantShape[];
  mode: ClientOptions["mode"];
  /** runs beside the clients (the fault), given the storm's start */
  fault?: (ctx: { tally: Tally; instances: AppInstance[]; started: number; deadline: number }) => Promise<string[]>;
};

/** Which tenant each client works on: three quarters on the first (the big one), the rest on the others. */
function tenantOf(client: number, tenants: StressTenant[]) {
  if (tenants.length === 1) return tenants[0];
  return client % 4 === 3 ? tenants[1 + (Math.floor(client / 4) % (tenants.length - 1))] : tenants[0];
}

export async function runStorm(env: SuiteEnv, o: StormOptions): Promise<ScenarioResult> {
  const t0 = performance.now();
  const lines: string[] = [];
  const violations: string[] = [];
  const tenants: StressTenant[] = [];
  for (const shape of o.tenants) tenants.push(await buildTenant(shape));
  const accounts = tenants.reduce((n, t) => n + t.accounts.size, 0);
  const keys = tenants.reduce((n, t) => n + [...t.accounts.values()].filter((a) => a.key).length + t.managers.length, 0);
  lines.push(`setup: ${tenants.length} tenants, ${accounts} accounts, ${keys} API keys (${tenants.map((t) => `${t.name}: ${t.managers.length} manager keys`).join("; ")}) in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

  const ports = STRESS_APP_PORTS.slice(0, o.instances);
  const instances = await Promise.all(ports.map((port) => startInstance(port, { databaseUrl: env.cluster.url, authSecret: env.authSecret, smtpUrl: env.smtpUrl, extra: env.appEnv })));
  lines.push(`${instances.length} × next start on ports ${ports.join(", ")} (one AUTH_SECRET, one DATABASE_URL), ready in ${instances.map((i) => ms(i.readyMs)).join(", ")}`);

  try {
    if (instances.length > 1) {
      // sessions are signed JWTs: a cookie from one instance is good on the other, as behind a load balancer
      const owner = tenants[0].owner;
      const cookie = await signIn(instances[0].base, owner.email, owner.password);
      const res = await fetch(`${instances[1].base}/`, { headers: { cookie }, redirect: "manual" });
      const location = res.headers.get("location") ?? "";
      if (!location.endsWith(`/accounts/${tenants[0].masterId}`)) violations.push(`a session from ${instances[0].base} was not accepted by ${instances[1].base}: ${res.status} → ${location}`);
      else lines.push(`a session signed in on :${instances[0].port} is accepted on :${instances[1].port} (${res.status} → /accounts/${tenants[0].masterId})`);
    }

    const loadBefore = os.loadavg()[0];
    const tally = new Tally();
    const started = performance.now();
    const deadline = started + o.seconds * 1000;
    const bases = instances.map((i) => i.base);
    const clients = Array.from({ length: o.clients }, (_, c) => {
      const tenant = tenantOf(c, tenants);
      const manager = tenant.managers[c % tenant.managers.length];
      return runClient({ tenant, manager, bases, first: c % bases.length, deadline, tally, mode: o.mode });
    });
    const progress = setInterval(() => {
      const done = [...tally.done.values()].reduce((a, b) => a + b, 0);
      console.log(`  [${o.name}] ${((performance.now() - started) / 1000).toFixed(0)} s: ${done} operations done, ${tally.failures.length} 5xx/unanswered, ${tally.violations.length} violations`);
    }, 10_000);
    const faultLines = o.fault ? o.fault({ tally, instances, started, deadline }) : Promise.resolve([]);
    await Promise.all(clients);
    clearInterval(progress);
    const elapsed = (performance.now() - started) / 1000;
    lines.push(
      `${o.clients} clients for ${o.seconds} s, split over ${instances.length} instance${instances.length > 1 ? "s" : ""} ` +
        `(${o.mode === "strict" ? "no retries: any 5xx is a violation" : "retrying with the same Idempotency-Key until answered"}; ` +
        `${os.cpus().length} cores, load average ${loadBefore.toFixed(1)} before, ${os.loadavg()[0].toFixed(1)} after):`,
    );
    lines.push(...describeTally(tally, elapsed));
    lines.push(...(await faultLines));
    violations.push(...tally.violations);

    await Promise.all(instances.map((i) => i.stop()));
    const db = await env.connect();
    try {
      const ids = tenants.map((t) => t.id);
      const checks = merge(await checkBooks(db, ids), await checkAcks(db, tally.acks, tally.deletes), await checkWholeness(db, ids), await checkNoLocks(db, ids));
      lines.push(...checks.lines);
      violations.push(...checks.violations);
    } finally {
      await db.end();
    }
  } finally {
    await Promise.all(instances.map((i) => i.stop()));
  }
  return { name: o.name, seconds: (performance.now() - t0) / 1000, lines, violations };
}
