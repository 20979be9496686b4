import { startEmbeddedPostgres } from "../lib/embedded-postgres.ts";
import { applyMigrations, resetDatabase } from "../../lib/db/migrations.ts";

// Benchmarks run on their own database, with fsync on (figures and durability claims mean nothing without it).
const BENCH_DB = { dir: ".data/pg/bench", port: 54359, database: "subledger_bench", fsync: true };

/** Runs `fn` against a freshly migrated benchmark database (BENCH_DATABASE_URL, or an embedded one). */
export async function withBenchDatabase(fn: (url: string) => Promise<void>) {
  const db = process.env.BENCH_DATABASE_URL ? null : await startEmbeddedPostgres(BENCH_DB);
  const url = process.env.BENCH_DATABASE_URL ?? db!.url;
  try {
    await resetDatabase(url);
    await applyMigrations(url, { quiet: true });
    process.env.DATABASE_URL = url;
    await fn(url);
  } finally {
    await db?.stop();
  }
}
