// The ledger's CSV export over a million transfers: time, lines/s and the process's peak memory, to show that
// the export streams (memory stays flat) rather than building the file.
import { randomUUID } from "node:crypto";
import pg from "pg";
import { withBenchDatabase } from "./bench-db.ts";


export async function run(args: string[]) {
  const rowsArg = args.indexOf("--rows");
  const total = rowsArg >= 0 ? Number(args[rowsArg + 1]) : 1_000_000;
  await withBenchDatabase(async (url) => {
    const { prisma } = await import("../../lib/db/client.ts");
    const { createTenant } = await import("../../lib/domain/accounts/create-tenant.ts");
    const { createChildAccount } = await import("../../lib/domain/accounts/create-child-account.ts");
    const { iterateTransfers } = await import("../../lib/domain/ledger/queries.ts");
    const { listTransfersQuerySchema } = await import("../../lib/domain/ledger/list-transfers-schema.ts");
    const { toCsvRow, ledgerLineToCsv, LEDGER_CSV_HEADER } = await import("../../lib/domain/ledger/ledger-csv.ts");

    const tenant = await createTenant({
      input: { tenantName: "Export bench", currency: "EUR", ownerName: "Bench", ownerEmail: `export-${randomUUID()}@bench.local`, ownerPassword: "bench-password" },
    });
    const ctx = { tenantId: tenant.tenantId, accountId: tenant.masterAccountId, role: "owner" as const, actor: { type: "system" as const, name: "bench" }, currency: "EUR" };
    const children: number[] = [];
    for (let i = 0; i < 20; i++) children.push((await createChildAccount({ ctx, input: { parentId: tenant.masterAccountId, name: `Child ${i}` } })).id);
    const funding = await prisma.account.findFirstOrThrow({ where: { tenantId: tenant.tenantId, kind: "funding" } });

    // real transfers through the ledger function, a batch per statement
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const t0 = performance.now();
    const batch = 250; // one row updated thousands of times in one transaction slows every later look-up of it
    for (let done = 0; done < total; done += batch) {
      const n = Math.min(batch, total - done);
      const items = Array.from({ length: n }, (_, i) =>
        done + i === 0
          ? { ord: i, tenant_id: tenant.tenantId, kind: "topup", from_id: funding.id, to_id: tenant.masterAccountId, amount: String(10n ** 15n) }
          : { ord: i, tenant_id: tenant.tenantId, kind: "credit", from_id: tenant.masterAccountId, to_id: children[(done + i) % children.length], amount: "1000", memo: i % 7 === 0 ? "bulk, \"quoted\"" : null },
      );
      const { rows } = await client.query("SELECT count(*) FILTER (WHERE error_code IS NOT NULL) AS errors FROM ledger_post_transfers($1::jsonb)", [JSON.stringify(items)]);
      if (Number(rows[0].errors) > 0) throw new Error(`${rows[0].errors} transfers failed while seeding`);
    }
    await client.end();
    console.log(`Posted ${total.toLocaleString("en-US")} transfers in ${((performance.now() - t0) / 1000).toFixed(1)} s.`);

    const query = listTransfersQuerySchema.parse({ scope: "subtree" });
    let peakRss = process.memoryUsage().rss;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
    const rssBefore = process.memoryUsage().rss;
    const t1 = performance.now();
    let lines = 0;
    let bytes = toCsvRow(LEDGER_CSV_HEADER).length;
    for await (const line of iterateTransfers(ctx, tenant.masterAccountId, query)) {
      bytes += Buffer.byteLength(toCsvRow(ledgerLineToCsv(line)));
      lines++;
    }
    clearInterval(sampler);
    const seconds = (performance.now() - t1) / 1000;
    console.log(
      `CSV export: ${lines.toLocaleString("en-US")} lines, ${(bytes / 1e6).toFixed(0)} MB in ${seconds.toFixed(1)} s ` +
        `(${Math.round(lines / seconds).toLocaleString("en-US")} lines/s); RSS ${(rssBefore / 1e6).toFixed(0)} MB before, peak ${(peakRss / 1e6).toFixed(0)} MB`,
    );
    if (lines !== total) {
      console.error(`expected ${total} lines`);
      process.exitCode = 1;
    }
    await prisma.$disconnect();
  });
}
