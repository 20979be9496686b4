// npm run bench -- stats: the statistics and overview queries on a big tree, against their own PostgreSQL
// (fsync on). 10,000 members under one master (200 partners with 5 members each among them), 90 days of rollup
// rows inserted directly with realistic sparsity (each member active on ~30 % of days, 1-3 destination
// countries a day, delivered and failed rows), a ledger of one charge per active member-day (through the
// ledger function, dated on its day), balance alerts and monthly limits. Then p50/p95 of each query the
// statistics page and the overview panels run, for the master over 30 and 90 days. Target: <= 100 ms.
// Then the Overview and Statistics pages rendered by the built app (next start), signed in as the owner.
// Options: --members N (default 10000), --runs N (default 25), --skip-ledger, --skip-render.
import { randomUUID } from "node:crypto";
import pg from "pg";
import { withBenchDatabase } from "./bench-db.ts";
import { signIn, startApp, stopApp } from "./app.ts";

const TARGET_MS = 100;

function option(args: string[], name: string, fallback: number) {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

async function time(label: string, runs: number, fn: () => Promise<unknown>) {
  for (let i = 0; i < 3; i++) await fn(); // warm: plans, pool, caches
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const p95 = percentile(times, 95);
  console.log(`  ${label.padEnd(52)} p50 ${percentile(times, 50).toFixed(1).padStart(7)} ms  p95 ${p95.toFixed(1).padStart(7)} ms  ${p95 <= TARGET_MS ? "ok" : "OVER TARGET"}`);
  return p95;
}

export async function run(args: string[]) {
  const memberCount = option(args, "--members", 10_000);
  const runs = option(args, "--runs", 25);
  await withBenchDatabase(async (url) => {
    const { prisma } = await import("../../lib/db/client.ts");
    const { createTenant } = await import("../../lib/domain/accounts/create-tenant.ts");
    const stats = await import("../../lib/domain/stats/queries.ts");
    const overview = await import("../../lib/domain/stats/overview.ts");
    const { resolveRange } = await import("../../lib/domain/stats/stats-query-schema.ts");

    const ownerEmail = `stats-${randomUUID()}@bench.local`;
    const tenant = await createTenant({
      input: { tenantName: "Stats bench", currency: "EUR", ownerName: "Bench", ownerEmail, ownerPassword: "bench-password" },
    });
    const tenantId = tenant.tenantId;
    const master = tenant.masterAccountId;
    const partners = Math.min(200, Math.floor(memberCount / 50));
    const grandchildren = partners * 5;
    const direct = memberCount - grandchildren;
    const t0 = performance.now();

    // the tree: direct members (the first `partners` of them partners), then 5 members under each partner;
    // a third have a monthly limit. The tree trigger fills depth and path.
    await prisma.$executeRaw`
      INSERT INTO account (tenant_id, parent_id, name, currency, is_partner, monthly_volume_limit)
      SELECT ${tenantId}, ${master}, 'Member ' || lpad(i::text, 5, '0'), 'EUR', i <= ${partners}, CASE WHEN i % 3 = 0 THEN 2000 + (i % 7) * 1000 END
      FROM generate_series(1, ${direct}) AS i`;
    await prisma.$executeRaw`
      INSERT INTO account (tenant_id, parent_id, name, currency, monthly_volume_limit)
      SELECT ${tenantId}, p.id, p.name || '.' || k, 'EUR', CASE WHEN k = 3 THEN 1500 END
      FROM account p CROSS JOIN generate_series(1, 5) AS k
      WHERE p.tenant_id = ${tenantId} AND p.is_partner AND p.parent_id = ${master}`;
    await prisma.$executeRaw`ANALYZE account`;

    // 90 days of rollup rows up to today. Deterministic "randomness" from hashes, so every run has the same data:
    // active on ~30 % of days; 1-3 countries a day (distinct: offsets 0, 3, 6 modulo 8); delivered + failed rows.
    await prisma.$executeRaw`
      INSERT INTO message_stats_daily (tenant_id, account_id, day, country, status, messages, segments, cost)
      SELECT ${tenantId}, a.id, d.day::date, (ARRAY['GB','DE','FR','US','CY','GR','IE','ES'])[1 + (abs(hashtext(a.id || 'c' || d.day)) + k * 3) % 8],
             s.status::message_status, n.messages, n.messages * n.parts, CASE WHEN s.status = 'failed' THEN 0 ELSE n.messages * n.parts * 45000 END
      FROM account a
      CROSS JOIN generate_series(current_date - 89, current_date, interval '1 day') AS d(day)
      CROSS JOIN LATERAL generate_series(0, abs(hashtext(a.id || 'n' || d.day)) % 3) AS k
      CROSS JOIN (VALUES ('delivered'), ('failed')) AS s(status)
      CROSS JOIN LATERAL (SELECT CASE WHEN s.status = 'delivered' THEN 1 + abs(hashtext(a.id || 'm' || d.day || k)) % 120
                                      ELSE 1 + abs(hashtext(a.id || 'f' || d.day || k)) % 4 END AS messages,
                                 1 + (a.id % 5 = 0)::int AS parts) AS n
      WHERE a.tenant_id = ${tenantId} AND a.kind = 'customer' AND a.id <> ${master}
        AND abs(hashtext(a.id || 'a' || d.day)) % 100 < 30`;
    // its fold, as the send and receipt transactions keep it
    await prisma.$executeRaw`
      INSERT INTO message_stats_account_day (tenant_id, account_id, day, messages, segments, cost, delivered, failed)
      SELECT tenant_id, account_id, day, sum(messages), sum(segments), sum(cost),
        coalesce(sum(messages) FILTER (WHERE status = 'delivered'), 0), coalesce(sum(messages) FILTER (WHERE status = 'failed'), 0)
      FROM message_stats_daily WHERE tenant_id = ${tenantId} GROUP BY tenant_id, account_id, day`;
    // its fold by month
    await prisma.$executeRaw`
      INSERT INTO message_stats_account_month (tenant_id, account_id, month, messages, segments, cost, delivered, failed)
      SELECT tenant_id, account_id, date_trunc('month', day)::date, sum(messages), sum(segments), sum(cost), sum(delivered), sum(failed)
      FROM message_stats_account_day WHERE tenant_id = ${tenantId} GROUP BY 1, 2, 3`;
    // and the tenant's fold
    await prisma.$executeRaw`
      INSERT INTO message_stats_tenant_day (tenant_id, day, country, status, messages, segments, cost)
      SELECT tenant_id, day, country, status, sum(messages), sum(segments), sum(cost)
      FROM message_stats_daily WHERE tenant_id = ${tenantId} GROUP BY tenant_id, day, country, status`;
    // this month's usage for the monthly limits, as the send path would have counted it
    await prisma.$executeRaw`
      INSERT INTO monthly_usage (tenant_id, account_id, month, messages)
      SELECT tenant_id, account_id, date_trunc('month', current_date)::date, sum(messages)
      FROM message_stats_daily WHERE tenant_id = ${tenantId} AND day >= date_trunc('month', current_date)::date
      GROUP BY tenant_id, account_id`;
    await prisma.$executeRaw`
      INSERT INTO balance_alert (tenant_id, account_id, threshold)
      SELECT tenant_id, id, 25000000 FROM account WHERE tenant_id = ${tenantId} AND kind = 'customer' AND id % 10 = 0 AND id <> ${master}`;
    const [{ rows: rollupRows }] = await prisma.$queryRaw<{ rows: bigint }[]>`SELECT count(*) AS rows FROM message_stats_daily WHERE tenant_id = ${tenantId}`;
    console.log(`${memberCount.toLocaleString("en-US")} members (${partners} partners with ${grandchildren} members below them), ` +
      `${Number(rollupRows).toLocaleString("en-US")} rollup rows over 90 days, in ${((performance.now() - t0) / 1000).toFixed(1)} s.`);

    if (!args.includes("--skip-ledger")) await seedLedger(url, tenantId, master);
    await prisma.$executeRaw`VACUUM ANALYZE message_stats_daily`;
    await prisma.$executeRaw`VACUUM ANALYZE message_stats_account_day`;
    await prisma.$executeRaw`VACUUM ANALYZE message_stats_account_month`;
    await prisma.$executeRaw`VACUUM ANALYZE message_stats_tenant_day`;
    await prisma.$executeRaw`VACUUM ANALYZE transfer`;
    // the ledger rewrote every account row ~30 times: what autovacuum would have cleaned up by now
    await prisma.$executeRaw`VACUUM ANALYZE account`;
    await prisma.$executeRaw`ANALYZE monthly_usage`;
    await prisma.$executeRaw`ANALYZE balance_alert`;

    const ctx = { tenantId, accountId: master };
    const now = new Date();
    const d30 = resolveRange({ range: "30d" }, now);
    const d90 = resolveRange({ range: "custom", from: new Date(now.getTime() - 89 * 86_400_000).toISOString().slice(0, 10) }, now);
    const [partner] = await prisma.$queryRaw<{ id: number }[]>`SELECT id FROM account WHERE tenant_id = ${tenantId} AND is_partner AND parent_id = ${master} ORDER BY id LIMIT 1`;

    console.log(`\nStatistics page, the master (${memberCount.toLocaleString("en-US")} members), ${runs} runs each (target p95 <= ${TARGET_MS} ms):`);
    const results: Record<string, number> = {};
    for (const [name, range] of [["30 days", d30], ["90 days", d90]] as const) {
      results[`member table page ${name}`] = await time(`member table, one page of 50 by cost, ${name}`, runs, () =>
        stats.listMemberStats(ctx, master, range, { limit: 50 }));
      await time(`member table, page 40 by name, ${name}`, runs, () =>
        stats.listMemberStats(ctx, master, range, { sort: { key: "name", descending: false }, limit: 50, offset: 39 * 50 }));
      // every row (9,000 here): the CSV export and the API's group_by=member, not the page
      await time(`getMemberStats, every row (export, API), ${name}`, runs, () => stats.getMemberStats(ctx, master, range));
      results[`getDailySeries ${name}`] = await time(`getDailySeries, ${name}`, runs, () => stats.getDailySeries(ctx, master, range));
      results[`getStatsTotals ${name}`] = await time(`getStatsTotals, ${name}`, runs, () => stats.getStatsTotals(ctx, master, range));
      results[`getStatusBreakdown ${name}`] = await time(`getStatusBreakdown, ${name}`, runs, () => stats.getStatusBreakdown(ctx, master, range));
      results[`getCountryBreakdown ${name}`] = await time(`getCountryBreakdown, ${name}`, runs, () => stats.getCountryBreakdown(ctx, master, range));
      await time(`the page's five queries in parallel, ${name}`, runs, () =>
        Promise.all([
          stats.getStatsTotals(ctx, master, range),
          stats.getDailySeries(ctx, master, range),
          stats.getStatusBreakdown(ctx, master, range),
          stats.getCountryBreakdown(ctx, master, range),
          stats.listMemberStats(ctx, master, range, { limit: 50 }),
        ]));
    }
    await time("one member chosen (a partner), totals, 30 days", runs, () => stats.getStatsTotals(ctx, master, d30, partner.id));
    await time("a partner's own view, getMemberStats, 30 days", runs, () => stats.getMemberStats(ctx, partner.id, d30));

    console.log("\nOverview panels, the master:");
    await time("listLowBalanceMembers", runs, () => overview.listLowBalanceMembers(ctx, master));
    await time("listNearLimitMembers", runs, () => overview.listNearLimitMembers(ctx, master, now));
    await time("listRecentActivity (latest lines, subtree)", runs, () => overview.listRecentActivity(ctx, master));
    await time("isPostpaidTree", runs, () => overview.isPostpaidTree(ctx, master));
    await time("getOverviewPanels (all in parallel)", runs, () => overview.getOverviewPanels(ctx, master, now));
    const low = await overview.listLowBalanceMembers(ctx, master);
    const near = await overview.listNearLimitMembers(ctx, master, now);
    console.log(`  (${low.total.toLocaleString("en-US")} members low on balance, ${near.total.toLocaleString("en-US")} near their limit)`);

    if (!args.includes("--skip-render")) {
      // the pages as a browser gets them: the built app, signed in as the owner, the whole HTML document
      const app = await startApp(url, { port: 3211, isReady: async (base) => (await fetch(`${base}/sign-in`)).status === 200 });
      try {
        const base = "http://127.0.0.1:3211";
        const cookie = await signIn(base, ownerEmail, "bench-password");
        const render = (path: string) => async () => {
          const res = await fetch(`${base}${path}`, { headers: { cookie }, redirect: "manual" });
          const html = await res.text();
          if (res.status !== 200 || !html.includes("</html>")) throw new Error(`${path}: ${res.status}`);
        };
        console.log(`\nPages rendered by next start (whole HTML document, signed in as the owner), ${runs} runs each:`);
        results["overview page render"] = await time("Overview page (/accounts/<master>)", runs, render(`/accounts/${master}`));
        await time("Statistics page, 30 days", runs, render(`/accounts/${master}/statistics`));
        await time("Statistics page, 90 days", runs, render(`/accounts/${master}/statistics?range=custom&from=${d90.from}&to=${d90.to}`));
      } finally {
        await stopApp(app);
      }
    }

    // the same tree all postpaid (invoicing itself): the accrual query then sums this month's charges of
    // every member, its worst case
    await prisma.$executeRaw`UPDATE account SET payment_model = 'postpaid', invoicing_account_id = id WHERE tenant_id = ${tenantId} AND kind = 'customer'`;
    await prisma.$executeRaw`ANALYZE account`;
    console.log("\nOverview panels, the same tree all postpaid:");
    await time("sumAccruedThisMonth", runs, () => overview.sumAccruedThisMonth(ctx, master, now));
    await time("getOverviewPanels (all in parallel)", runs, () => overview.getOverviewPanels(ctx, master, now));

    const over = Object.entries(results).filter(([, p95]) => p95 > TARGET_MS);
    console.log(over.length ? `\nOver the ${TARGET_MS} ms target: ${over.map(([k]) => k).join(", ")}` : `\nEvery statistics query within ${TARGET_MS} ms at p95.`);
    await prisma.$disconnect();
  });
}

/**
 * Money through the ledger function, as the app moves it: a top-up of the master, a credit to each member
 * (partners first, then their members) before the 90 days, and one charge per active member-day for that
 * day's cost, dated on the day. Batches of 250 per transaction: a row updated thousands of times in one
 * transaction slows every later look-up of it.
 */
async function seedLedger(url: string, tenantId: number, master: number) {
  const client = new pg.Client({ connectionString: url });
  client.on("error", () => {}); // the database stopping under an open client after a failure must not hide it
  await client.connect();
  try {
    await postLedger(client, tenantId, master);
  } finally {
    await client.end().catch(() => {});
  }
}

async function postLedger(client: pg.Client, tenantId: number, master: number) {
  const t0 = performance.now();
  const { rows: [system] } = await client.query<{ funding: number; usage: number }>(
    "SELECT max(id) FILTER (WHERE kind = 'funding') AS funding, max(id) FILTER (WHERE kind = 'usage') AS usage FROM account WHERE tenant_id = $1", [tenantId]);
  const post = async (items: object[], at: Date) => {
    for (let i = 0; i < items.length; i += 250) {
      const batch = items.slice(i, i + 250).map((item, ord) => ({ ord, tenant_id: tenantId, ...item }));
      await client.query("BEGIN");
      await client.query("SELECT set_config('subledger.backfill', 'on', true)");
      const { rows } = await client.query("SELECT ord, error_code, error_message FROM ledger_post_transfers($1::jsonb, $2::timestamptz) WHERE error_code IS NOT NULL", [JSON.stringify(batch), at]);
      await client.query("COMMIT");
      if (rows.length) throw new Error(`ledger seed refused: ${rows[0].error_code} ${rows[0].error_message}`);
    }
  };
  const start = new Date(Date.now() - 91 * 86_400_000);
  // each member gets its 90 days' cost plus 0-40 EUR, so some end low: a partner also what its members get
  const { rows: needs } = await client.query<{ id: number; parent_id: number; depth: number; amount: string }>(`
    WITH own AS (
      SELECT a.id, a.parent_id, a.depth, coalesce(sum(s.cost), 0) + (abs(hashtext(a.id::text)) % 40) * 1000000 AS amount
      FROM account a LEFT JOIN message_stats_daily s ON s.tenant_id = a.tenant_id AND s.account_id = a.id
      WHERE a.tenant_id = $1 AND a.kind = 'customer' AND a.id <> $2 GROUP BY a.tenant_id, a.id)
    SELECT o.id, o.parent_id, o.depth, (o.amount + coalesce((SELECT sum(c.amount) FROM own c WHERE c.parent_id = o.id), 0))::text AS amount
    FROM own o ORDER BY o.depth, o.id`, [tenantId, master]);
  const total = needs.filter((n) => n.parent_id === master).reduce((sum, n) => sum + BigInt(n.amount), 0n);
  await post([{ kind: "topup", from_id: system.funding, to_id: master, amount: (total + 10n ** 12n).toString() }], start);
  await post(needs.filter((n) => n.depth === 1).map((n) => ({ kind: "credit", from_id: n.parent_id, to_id: n.id, amount: n.amount })), start);
  await post(needs.filter((n) => n.depth === 2).map((n) => ({ kind: "credit", from_id: n.parent_id, to_id: n.id, amount: n.amount })), start);
  const { rows: days } = await client.query<{ day: string }>(
    "SELECT DISTINCT to_char(day, 'YYYY-MM-DD') AS day FROM message_stats_daily WHERE tenant_id = $1 ORDER BY 1", [tenantId]);
  let charges = 0;
  for (const { day } of days) {
    const { rows } = await client.query<{ account_id: number; cost: string }>(
      "SELECT account_id, sum(cost)::text AS cost FROM message_stats_daily WHERE tenant_id = $1 AND day = $2::date GROUP BY account_id HAVING sum(cost) > 0 ORDER BY account_id",
      [tenantId, day]);
    await post(rows.map((r) => ({ kind: "charge", from_id: r.account_id, to_id: system.usage, amount: r.cost, memo: `${day}: SMS` })), new Date(Math.min(Date.parse(`${day}T12:00:00Z`), Date.now() - 60_000)));
    charges += rows.length;
  }
  console.log(`Ledger: ${(needs.length + 1 + charges).toLocaleString("en-US")} transfers (credits, then ${charges.toLocaleString("en-US")} daily charges) in ${((performance.now() - t0) / 1000).toFixed(1)} s.`);
}
