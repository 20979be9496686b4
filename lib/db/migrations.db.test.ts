import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyMigrations, listMigrations, listSqlFiles } from "./migrations.ts";
import { schemaSnapshot } from "../../scripts/lib/schema-snapshot.ts";

// Each test works on databases of its own, made on the test server and dropped at the end.
const serverUrl = process.env.DATABASE_URL!;
const made: string[] = [];
async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}
const admin = <T>(fn: (client: pg.Client) => Promise<T>) => withClient(serverUrl, fn);
const urlOf = (database: string) => {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
};
async function emptyDatabase(label: string) {
  const name = `sqlfiles_${label}_${process.pid}_${made.length}`;
  await admin((c) => c.query(`CREATE DATABASE ${name}`));
  made.push(name);
  return urlOf(name);
}
const tempDir = (prefix: string) => fs.mkdtempSync(path.join(os.tmpdir(), prefix));
const copyDir = (from: string, prefix: string) => {
  const to = tempDir(prefix);
  fs.cpSync(from, to, { recursive: true });
  return to;
};
const bookkeeping = (client: pg.Client) =>
  Promise.all([
    client.query(`SELECT migration_name, checksum, finished_at FROM "_prisma_migrations" ORDER BY migration_name`),
    client.query(`SELECT file_name, checksum, applied_at FROM "_repeatable_sql" ORDER BY file_name`),
  ]).then(([m, s]) => ({ migrations: m.rows, sqlFiles: s.rows }));

afterAll(async () => {
  await admin(async (c) => {
    for (const name of made) await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  });
});

describe("the function files (prisma/sql)", () => {
  let freshUrl: string;
  beforeAll(async () => {
    freshUrl = await emptyDatabase("fresh");
    await applyMigrations(freshUrl, { quiet: true });
  });

  it("every function and trigger in a fresh database is its file's, and each file defines the function it is named after", async () => {
    // the migrations alone, then each file on its own: what each one adds is its function (and its triggers)
    const url = await emptyDatabase("byfile");
    await applyMigrations(url, { quiet: true, sqlDir: tempDir("no-sql-") });
    const fromFiles = { functions: new Map<string, string>(), triggers: new Map<string, string>() };
    await withClient(url, async (client) => {
      const base = await schemaSnapshot(client);
      expect([...base.functions.keys()], "the versioned migrations define no function").toEqual([]);
      expect([...base.triggers.keys()], "nor any trigger").toEqual([]);
      let before = base;
      for (const file of listSqlFiles()) {
        await client.query(file.sql);
        const after = await schemaSnapshot(client);
        const added = [...after.functions.keys()].filter((k) => !before.functions.has(k));
        expect(added.map((signature) => signature.replace(/\(.*$/, "")), `${file.name}.sql`).toEqual([file.name]);
        for (const [name, definition] of after.triggers) {
          if (before.triggers.has(name)) continue;
          expect(definition, `${name} is defined in the file of the function it runs`).toContain(`EXECUTE FUNCTION ${file.name}()`);
          fromFiles.triggers.set(name, definition);
        }
        fromFiles.functions.set(added[0], after.functions.get(added[0])!);
        before = after;
      }
    });
    const fresh = await withClient(freshUrl, schemaSnapshot);
    expect(fresh.functions.size).toBeGreaterThanOrEqual(13);
    expect(fresh.functions).toEqual(fromFiles.functions);
    expect(fresh.triggers).toEqual(fromFiles.triggers);
  });

  it("running the runner again on an up-to-date database changes nothing", async () => {
    const before = await withClient(freshUrl, async (c) => ({ schema: (await schemaSnapshot(c)).lines, books: await bookkeeping(c) }));
    expect(await applyMigrations(freshUrl, { quiet: true })).toEqual({ migrations: [], sqlFiles: [] });
    const after = await withClient(freshUrl, async (c) => ({ schema: (await schemaSnapshot(c)).lines, books: await bookkeeping(c) }));
    expect(after).toEqual(before);
    expect(before.books.sqlFiles.map((r) => r.file_name)).toEqual(listSqlFiles().map((f) => f.name));
  });

  it("re-applies exactly the file that changed, and again when it changes back", async () => {
    const url = await emptyDatabase("changed");
    await applyMigrations(url, { quiet: true });
    const sqlDir = copyDir("prisma/sql", "sql-changed-");
    const file = path.join(sqlDir, "message_before_update.sql");
    const original = fs.readFileSync(file, "utf8");
    fs.writeFileSync(file, original.replace("never change'", "never change (edited)'"));
    expect(await applyMigrations(url, { quiet: true, sqlDir })).toEqual({ migrations: [], sqlFiles: ["message_before_update"] });
    const definition = () =>
      withClient(url, async (c) => (await c.query(`SELECT pg_get_functiondef('message_before_update'::regproc) AS d`)).rows[0].d as string);
    expect(await definition()).toContain("never change (edited)");
    expect(await applyMigrations(url, { quiet: true })).toEqual({ migrations: [], sqlFiles: ["message_before_update"] });
    expect(await definition()).not.toContain("(edited)");
  });

  it("applies the changed files together: one that fails leaves every function as it was", async () => {
    const url = await emptyDatabase("failing");
    await applyMigrations(url, { quiet: true });
    const sqlDir = copyDir("prisma/sql", "sql-failing-");
    const edit = (name: string, from: string, to: string) => {
      const file = path.join(sqlDir, `${name}.sql`);
      fs.writeFileSync(file, fs.readFileSync(file, "utf8").replace(from, to));
    };
    edit("audit_event_append_only", "is append-only'", "is append-only (edited)'");
    edit("transfer_append_only", "CREATE OR REPLACE TRIGGER transfer_no_truncate", "CREATE OR REPLACE TRIGGER transfer_no_truncate ON no_such_table");
    await expect(applyMigrations(url, { quiet: true, sqlDir })).rejects.toThrow(/transfer_append_only\.sql failed/);
    await withClient(url, async (c) => {
      const { rows } = await c.query(`SELECT pg_get_functiondef('audit_event_append_only'::regproc) AS d`);
      expect(rows[0].d).not.toContain("(edited)");
    });
    expect(await applyMigrations(url, { quiet: true })).toEqual({ migrations: [], sqlFiles: [] });
  });

  it("a migration that requires a function file gets its current version before its own SQL", async () => {
    const url = await emptyDatabase("requires");
    const sqlDir = copyDir("prisma/sql", "sql-requires-");
    fs.writeFileSync(
      path.join(sqlDir, "test_double.sql"),
      "-- a function a later data step needs\nCREATE OR REPLACE FUNCTION test_double(int) RETURNS int LANGUAGE sql AS $$ SELECT $1 * 2 $$;\n",
    );
    const migrationsDir = copyDir("prisma/migrations", "migrations-requires-");
    fs.mkdirSync(path.join(migrationsDir, "29991231000000_data_step"));
    fs.writeFileSync(
      path.join(migrationsDir, "29991231000000_data_step", "migration.sql"),
      "-- requires-sql: test_double\nCREATE TABLE doubled AS SELECT test_double(21) AS value;\n",
    );
    const applied = await applyMigrations(url, { quiet: true, sqlDir, migrationsDir });
    expect(applied.migrations).toEqual([...listMigrations().map((m) => m.name), "29991231000000_data_step"]);
    // applied once, inside the migration; the repeatable phase found it up to date
    expect(applied.sqlFiles.filter((n) => n === "test_double")).toEqual(["test_double"]);
    expect(applied.sqlFiles.indexOf("test_double")).toBe(0);
    await withClient(url, async (c) => {
      expect((await c.query("SELECT value FROM doubled")).rows).toEqual([{ value: 42 }]);
    });

    // a migration that names a file that does not exist fails whole
    fs.mkdirSync(path.join(migrationsDir, "29991231000001_missing"));
    fs.writeFileSync(
      path.join(migrationsDir, "29991231000001_missing", "migration.sql"),
      "-- requires-sql: no_such_function\nCREATE TABLE never_made (id int);\n",
    );
    await expect(applyMigrations(url, { quiet: true, sqlDir, migrationsDir })).rejects.toThrow(/no_such_function\.sql, which does not exist/);
    await withClient(url, async (c) => {
      expect((await c.query(`SELECT to_regclass('never_made') AS t`)).rows[0].t).toBeNull();
    });
  });

  it("a database made by the squashed history is refused with the command that rebuilds it", async () => {
    const url = await emptyDatabase("oldhistory");
    await withClient(url, (c) =>
      c.query(`CREATE TABLE "_prisma_migrations" (id VARCHAR(36) PRIMARY KEY, checksum VARCHAR(64) NOT NULL, finished_at TIMESTAMPTZ,
        migration_name VARCHAR(255) NOT NULL, logs TEXT, rolled_back_at TIMESTAMPTZ, started_at TIMESTAMPTZ NOT NULL DEFAULT now(),
        applied_steps_count INTEGER NOT NULL DEFAULT 0);
        INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name) VALUES
          ('a', 'x', now(), '20261127160609_init'), ('b', 'x', now(), '20261127164640_team_invitations')`),
    );
    await expect(applyMigrations(url, { quiet: true })).rejects.toThrow(/20261127160609_init.*npm run db:reset/s);
    await withClient(url, async (c) => {
      expect((await c.query(`SELECT to_regclass('account') AS t`)).rows[0].t, "nothing was applied").toBeNull();
    });
  });
});
