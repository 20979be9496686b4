// The database's code, applied in two phases under one advisory lock (this is the whole runtime path: dev,
// tests, e2e, deploy; plain SQL over pg, no schema engine; authoring new migrations is scripts/migrate.ts dev):
//   1. versioned migrations, prisma/migrations/*/migration.sql, in name order, each once, recorded in
//      `_prisma_migrations`, the table the Prisma CLI uses (tables, types, indexes, constraints, data changes);
//   2. repeatable files, prisma/sql/*.sql, one per database function with its triggers, in name order, each
//      re-applied whenever its content changed, recorded with its checksum in `_repeatable_sql` (as Flyway's
//      R__ migrations). A file is CREATE OR REPLACE, so applying it again is harmless.
// A migration whose data step needs a function's current version first names it in a line of its own:
//   -- requires-sql: ledger_post_transfers
// and that file is applied (if it changed) inside the migration's transaction, before the migration's SQL.
import { createHash, randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";

const MIGRATIONS_DIR = path.resolve(process.env.PRISMA_MIGRATIONS ?? "prisma/migrations");
const SQL_DIR = path.resolve(process.env.PRISMA_SQL ?? "prisma/sql");
// any constant: makes concurrent deploys (two app instances starting together) take turns
const ADVISORY_LOCK_KEY = 72_410_533;
const REQUIRES_SQL = /^--\s*requires-sql:\s*([A-Za-z0-9_]+)\s*$/gm;

export type SqlFile = { name: string; sql: string; checksum: string };
export type MigrationDirs = { migrationsDir?: string; sqlDir?: string };
export type AppliedChanges = { migrations: string[]; sqlFiles: string[] };

const checksumOf = (sql: string) => createHash("sha256").update(sql).digest("hex");

export function listMigrations(dir = MIGRATIONS_DIR): SqlFile[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(dir, d.name, "migration.sql")))
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const sql = fs.readFileSync(path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: checksumOf(sql) };
    });
}

/** prisma/sql/*.sql by name (the file name without .sql, which is the function's name). */
export function listSqlFiles(dir = SQL_DIR): SqlFile[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".sql"))
    .sort()
    .map((f) => {
      const sql = fs.readFileSync(path.join(dir, f), "utf8");
      return { name: f.slice(0, -".sql".length), sql, checksum: checksumOf(sql) };
    });
}

export function requiredSqlOf(migrationSql: string) {
  return [...migrationSql.matchAll(REQUIRES_SQL)].map((m) => m[1]);
}

/** Applies what is pending; returns the migrations and the repeatable files it applied. */
export async function applyMigrations(
  url: string,
  { quiet = false, migrationsDir = MIGRATIONS_DIR, sqlDir = SQL_DIR }: { quiet?: boolean } & MigrationDirs = {},
): Promise<AppliedChanges> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const applied: AppliedChanges = { migrations: [], sqlFiles: [] };
  try {
    await client.query("SELECT pg_advisory_lock($1)", [ADVISORY_LOCK_KEY]);
    await client.query(`CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
      "id" VARCHAR(36) PRIMARY KEY NOT NULL,
      "checksum" VARCHAR(64) NOT NULL,
      "finished_at" TIMESTAMPTZ,
      "migration_name" VARCHAR(255) NOT NULL,
      "logs" TEXT,
      "rolled_back_at" TIMESTAMPTZ,
      "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
      "applied_steps_count" INTEGER NOT NULL DEFAULT 0)`);
    await client.query(`CREATE TABLE IF NOT EXISTS "_repeatable_sql" (
      "file_name" TEXT PRIMARY KEY,
      "checksum" CHAR(64) NOT NULL,
      "applied_at" TIMESTAMPTZ NOT NULL DEFAULT now())`);

    const migrations = listMigrations(migrationsDir);
    const sqlFiles = new Map(listSqlFiles(sqlDir).map((f) => [f.name, f]));
    const { rows } = await client.query<{ migration_name: string; checksum: string; finished_at: Date | null }>(
      `SELECT migration_name, checksum, finished_at FROM "_prisma_migrations" WHERE rolled_back_at IS NULL`,
    );
    assertKnownHistory(rows, migrations);
    const appliedSql = new Map(
      (await client.query<{ file_name: string; checksum: string }>(`SELECT file_name, checksum FROM "_repeatable_sql"`)).rows.map(
        (r) => [r.file_name, r.checksum],
      ),
    );
    // a file is applied when its content differs from what the database last ran
    const applySqlFile = async (file: SqlFile) => {
      if (appliedSql.get(file.name) === file.checksum) return;
      try {
        await client.query(file.sql);
      } catch (err) {
        throw new Error(`prisma/sql/${file.name}.sql failed: ${(err as Error).message}`);
      }
      await client.query(
        `INSERT INTO "_repeatable_sql" (file_name, checksum, applied_at) VALUES ($1, $2, now())
         ON CONFLICT (file_name) DO UPDATE SET checksum = EXCLUDED.checksum, applied_at = EXCLUDED.applied_at`,
        [file.name, file.checksum],
      );
      appliedSql.set(file.name, file.checksum);
      applied.sqlFiles.push(file.name);
    };

    const done = new Map(rows.map((r) => [r.migration_name, r]));
    for (const m of migrations) {
      const previous = done.get(m.name);
      if (previous?.finished_at) {
        if (previous.checksum !== m.checksum) {
          throw new Error(`Migration ${m.name} was changed after it was applied. Add a new migration instead.`);
        }
        continue;
      }
      if (previous) throw new Error(`Migration ${m.name} failed earlier; fix the database, then mark it rolled back.`);
      // one transaction per migration (with the function files it requires): a failure leaves nothing behind
      await client.query("BEGIN");
      try {
        for (const name of requiredSqlOf(m.sql)) {
          const file = sqlFiles.get(name);
          if (!file) throw new Error(`it requires prisma/sql/${name}.sql, which does not exist`);
          await applySqlFile(file);
        }
        await client.query(m.sql);
        await client.query(
          `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, applied_steps_count)
           VALUES ($1, $2, now(), $3, 1)`,
          [randomUUID(), m.checksum, m.name],
        );
        await client.query("COMMIT");
      } catch (err) {
        await client.query("ROLLBACK");
        throw new Error(`Migration ${m.name} failed: ${(err as Error).message}`);
      }
      applied.migrations.push(m.name);
    }

    // every changed function file in one transaction: the functions change together or not at all
    const changed = [...sqlFiles.values()].filter((f) => appliedSql.get(f.name) !== f.checksum);
    if (changed.length) {
      await client.query("BEGIN");
      try {
        for (const file of changed) await applySqlFile(file);
        await client.query("COMMIT");
      } catch (err) {
        await client.query("ROLLBACK");
        throw err;
      }
    }
    // a deleted file's record goes (its function is dropped by the migration that deleted it)
    const gone = [...appliedSql.keys()].filter((name) => !sqlFiles.has(name));
    if (gone.length) await client.query(`DELETE FROM "_repeatable_sql" WHERE file_name = ANY ($1)`, [gone]);
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [ADVISORY_LOCK_KEY]).catch(() => {});
    await client.end();
  }
  if (!quiet) {
    const parts = [
      applied.migrations.length ? `migrations ${applied.migrations.join(", ")}` : "",
      applied.sqlFiles.length ? `${applied.sqlFiles.length} function file(s) (${applied.sqlFiles.join(", ")})` : "",
    ].filter(Boolean);
    console.log(parts.length ? `Applied ${parts.join("; ")}.` : "Database schema up to date.");
  }
  return applied;
}

/**
 * What `applyMigrations` would do, without doing it: for the start-up check of `npm start`, which refuses to
 * serve a database that `npm run db:deploy` has not brought up to date.
 */
export async function pendingChanges(url: string, { migrationsDir = MIGRATIONS_DIR, sqlDir = SQL_DIR }: MigrationDirs = {}) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const migrations = listMigrations(migrationsDir);
    const [hasMigrations, hasSql] = (
      await client.query<{ t: string | null }>(`SELECT to_regclass('"_prisma_migrations"')::text AS t UNION ALL SELECT to_regclass('"_repeatable_sql"')::text`)
    ).rows.map((r) => r.t !== null);
    const rows = hasMigrations
      ? (await client.query<{ migration_name: string; finished_at: Date | null }>(`SELECT migration_name, finished_at FROM "_prisma_migrations" WHERE rolled_back_at IS NULL`)).rows
      : [];
    assertKnownHistory(rows, migrations);
    const done = new Set(rows.filter((r) => r.finished_at).map((r) => r.migration_name));
    const applied = new Map(
      hasSql ? (await client.query<{ file_name: string; checksum: string }>(`SELECT file_name, checksum FROM "_repeatable_sql"`)).rows.map((r) => [r.file_name, r.checksum]) : [],
    );
    return {
      migrations: migrations.filter((m) => !done.has(m.name)).map((m) => m.name),
      sqlFiles: listSqlFiles(sqlDir).filter((f) => applied.get(f.name) !== f.checksum).map((f) => f.name),
    };
  } finally {
    await client.end();
  }
}

/**
 * A database whose recorded migrations are not in the folder was made by another history: the first one, squashed
 * into a baseline on 2026-12-07, or a branch's. Applying ours on top would fail halfway, so say what to do instead.
 */
function assertKnownHistory(rows: { migration_name: string; finished_at: Date | null }[], migrations: SqlFile[]) {
  const known = new Set(migrations.map((m) => m.name));
  const unknown = rows.filter((r) => r.finished_at && !known.has(r.migration_name)).map((r) => r.migration_name).sort();
  if (!unknown.length) return;
  throw new Error(
    `This database was made by a migration history that is not in prisma/migrations (it has ${unknown.slice(0, 2).join(", ")}` +
      `${unknown.length > 2 ? ` and ${unknown.length - 2} more` : ""}); the history was squashed into one baseline. ` +
      "A local database: run `npm run db:reset` (it wipes the database and seeds the demo again). " +
      "Another database: point DATABASE_URL at a new, empty one.",
  );
}

/** Drops everything in the public schema. Only for local databases (tests, db:reset). */
export async function resetDatabase(url: string) {
  assertLocalDatabase(url);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;");
  } finally {
    await client.end();
  }
}

export function assertLocalDatabase(url: string) {
  const host = new URL(url).hostname;
  if (!["127.0.0.1", "localhost", "::1", "[::1]"].includes(host)) {
    throw new Error(`Refusing to wipe a database that is not on this machine (${host}).`);
  }
}
