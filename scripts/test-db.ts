// npm run test:db: the db test files against one real PostgreSQL, then `npm run reconcile` on what they left:
// every tenant the tests made must still balance. (A check in Vitest's teardown cannot fail the run.)
import { spawnSync } from "node:child_process";
import { TEST_DB } from "./lib/config.ts";
import { startEmbeddedPostgres } from "./lib/embedded-postgres.ts";

const db = process.env.TEST_DATABASE_URL ? null : await startEmbeddedPostgres(TEST_DB);
const env = { ...process.env, TEST_DATABASE_URL: process.env.TEST_DATABASE_URL ?? db!.url };
let code = 0;
try {
  const tests = spawnSync("node_modules/.bin/vitest", ["run", "--project", "db", ...process.argv.slice(2)], { stdio: "inherit", env });
  code = tests.status ?? 1;
  const reconcile = spawnSync("node_modules/.bin/tsx", ["scripts/reconcile.ts"], {
    stdio: "inherit",
    env: { ...env, DATABASE_URL: env.TEST_DATABASE_URL },
  });
  if (reconcile.status !== 0) code = 1;
} finally {
  await db?.stop();
}
process.exit(code);
