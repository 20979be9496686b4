import pg from "pg";

const globalForPool = globalThis as unknown as { subledgerLedgerPool?: pg.Pool };

/**
 * How many group-commit batches of transfers one instance keeps in the database at once. One: the transfers
 * that arrive meanwhile make the next batch bigger, and a bigger batch costs less per transfer (npm run bench --
 * ledger (a): 5,856 transfers/s at 0.16 ms of machine CPU each with one, 5,525 at 0.25 ms with two).
 */
export const ledgerBatchesInFlight = () => Number(process.env.LEDGER_BATCHES_IN_FLIGHT ?? 1);

/**
 * A small plain `pg` pool for the hot path: the group-commit batches of the ledger and of message sends, and
 * the API-key look-up that every API request makes (small on purpose: on a small machine more connections only
 * add PostgreSQL backends competing for the same cores; npm run bench -- messages): one statement each, outside any Prisma
 * transaction, on the hot path, where Prisma's per-query work costs a third of the app's CPU (measured with
 * npm run bench -- ledger). Everything else goes through Prisma.
 */
export function sqlPool(): pg.Pool {
  if (globalForPool.subledgerLedgerPool) return globalForPool.subledgerLedgerPool;
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is not set: start the app with `npm run dev`, or set it to a PostgreSQL URL.");
  // allowExitOnIdle: idle connections must not keep a script (seed, bench) alive after its work
  const pool = new pg.Pool({ connectionString: url, max: ledgerBatchesInFlight() + Number(process.env.SEND_BATCHES_IN_FLIGHT ?? 1) + 2, allowExitOnIdle: true });
  // 57P01: the server is shutting down (dev launcher, tests); anything else is worth a line
  pool.on("error", (err: Error & { code?: string }) => {
    if (err.code !== "57P01") console.error("ledger pool: idle connection failed", err.message);
  });
  globalForPool.subledgerLedgerPool = pool;
  return pool;
}
