// Migrations without the internet.
//   tsx scripts/migrate.ts deploy            apply pending migrations (plain SQL; what dev, tests and CI use)
//   tsx scripts/migrate.ts reset             drop the local database's schema, apply everything
//   tsx scripts/migrate.ts dev --name <n>    write a new migration from schema.prisma changes, then apply it
//   tsx scripts/migrate.ts diff              print SQL from the migrations to schema.prisma (exit 2 if any)
// DATABASE_URL picks the database; without it, the embedded dev database is started for the command.
import { startEmbeddedPostgres } from "./lib/embedded-postgres.ts";
import { applyMigrations, resetDatabase } from "../lib/db/migrations.ts";
import { DEV_DB } from "./lib/config.ts";

const [command, ...rest] = process.argv.slice(2);
const arg = (name: string) => {
  const i = rest.indexOf(name);
  return i >= 0 ? rest[i + 1] : undefined;
};

const embedded = process.env.DATABASE_URL ? null : await startEmbeddedPostgres(DEV_DB);
const url = process.env.DATABASE_URL ?? embedded!.url;
let exitCode = 0;
try {
  switch (command) {
    case "deploy":
      await applyMigrations(url);
      break;
    case "reset":
      await resetDatabase(url);
      await applyMigrations(url);
      break;
    case "dev":
    case "diff": {
      // @ts-expect-error plain .mjs without types
      const { migrate } = await import("./lib/schema-engine.mjs");
      await applyMigrations(url, { quiet: true });
      const result = await migrate(command, { url, name: arg("--name") ?? rest[0], createOnly: rest.includes("--create-only") });
      if (command === "diff" && result === 2) exitCode = 2;
      break;
    }
    default:
      console.error("usage: tsx scripts/migrate.ts deploy | reset | dev --name <name> | diff");
      exitCode = 1;
  }
} catch (err) {
  console.error((err as Error).message ?? err);
  exitCode = 1;
} finally {
  await embedded?.stop();
}
process.exit(exitCode);
