// npm run reconcile: checks the ledger's invariants on DATABASE_URL (or the embedded dev database) and exits
// non-zero with the offending rows when any fails.
import { startEmbeddedPostgres } from "./lib/embedded-postgres.ts";
import { DEV_DB } from "./lib/config.ts";

const embedded = process.env.DATABASE_URL ? null : await startEmbeddedPostgres(DEV_DB);
process.env.DATABASE_URL ??= embedded!.url;
let code = 0;
try {
  const { findLedgerDiscrepancies } = await import("../lib/domain/ledger/reconcile.ts");
  const { prisma } = await import("../lib/db/client.ts");
  const started = performance.now();
  const rows = await findLedgerDiscrepancies();
  const [{ transfers, accounts }] = await prisma.$queryRaw<{ transfers: bigint; accounts: bigint }[]>`
    SELECT (SELECT count(*) FROM transfer) AS transfers, (SELECT count(*) FROM account) AS accounts`;
  const ms = Math.round(performance.now() - started);
  if (rows.length) {
    console.error(`Reconciliation FAILED: ${rows.length} discrepancies (${accounts} accounts, ${transfers} transfers, ${ms} ms)`);
    console.table(rows);
    code = 1;
  } else {
    console.log(`Reconciliation OK: ${accounts} accounts and ${transfers} transfers balance (${ms} ms).`);
  }
  await prisma.$disconnect();
} finally {
  await embedded?.stop();
}
process.exit(code);
