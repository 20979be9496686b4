import { startEmbeddedPostgres, type EmbeddedDb } from "../../scripts/lib/embedded-postgres.ts";
import { applyMigrations, assertLocalDatabase, resetDatabase } from "../db/migrations.ts";
import { TEST_DB } from "../../scripts/lib/config.ts";

/**
 * The db project runs against a real PostgreSQL: TEST_DATABASE_URL if set (it must be on this machine: the
 * schema is wiped), else an embedded one. The schema is rebuilt from the migrations and prisma/sql on every run.
 */
export default async function setup() {
  let db: EmbeddedDb | undefined;
  let url = process.env.TEST_DATABASE_URL;
  if (!url) {
    db = await startEmbeddedPostgres(TEST_DB);
    url = db.url;
  }
  assertLocalDatabase(url);
  await resetDatabase(url);
  await applyMigrations(url, { quiet: true });
  process.env.DATABASE_URL = url; // the forked workers inherit it; lib/db/client reads it lazily
  return async () => {
    await db?.stop();
  };
}
