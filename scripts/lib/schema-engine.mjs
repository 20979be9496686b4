// Authoring only: drives Prisma's WebAssembly schema engine (@prisma/schema-engine-wasm) through adapter-pg,
// because every Prisma 7 CLI migrate command downloads a native engine and this machine is offline.
// Used by `npm run db:migrate -- <name>` (diff migrations -> schema.prisma, write a new migration) and by the
// test that schema.prisma and the migrations agree. Runtime applies migrations with lib/db/migrations.ts.
// Four fixes it needs are explained inline (see ../shared/notes/environment.md §3).
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { PrismaPg } from '@prisma/adapter-pg';
import { bindMigrationAwareSqlAdapterFactory, ColumnTypeEnum } from '@prisma/driver-adapter-utils';

const SCHEMA = path.resolve(process.env.PRISMA_SCHEMA ?? 'prisma/schema.prisma');
const MIGRATIONS = path.resolve(process.env.PRISMA_MIGRATIONS ?? 'prisma/migrations');
const filters = { externalTables: [], externalEnums: [] };

// --- Fix 1: pg_catalog "char" columns (oid 18, e.g. pg_constraint.contype) -------------------------
// adapter-pg 7 rejects oid 18 ("Column type 'char' could not be deserialized") but the engine's
// Postgres describer needs it as ColumnType Character. Report it as text to the adapter, remember
// which columns they were, and fix columnTypes afterwards. (Affects this process only.)
const charColumns = new WeakMap(); // pg Result.rows array -> indexes of "char" columns
const addFields = pg.Result.prototype.addFields;
pg.Result.prototype.addFields = function (fieldDescriptions) {
  const idx = [];
  fieldDescriptions.forEach((f, i) => { if (f.dataTypeID === 18) { f.dataTypeID = 25; idx.push(i); } });
  if (idx.length) charColumns.set(this.rows, idx);
  return addFields.call(this, fieldDescriptions);
};
let patched = false;
async function patchAdapter(factory) {
  if (patched) return;
  const probe = await factory.connect();
  const adapterProto = Object.getPrototypeOf(probe); // PrismaPgAdapter
  let proto = adapterProto;
  while (proto && !Object.hasOwn(proto, 'queryRaw')) proto = Object.getPrototypeOf(proto);
  await probe.dispose();
  const queryRaw = proto.queryRaw;
  proto.queryRaw = async function (query) {
    const res = await queryRaw.call(this, query);
    for (const i of charColumns.get(res.rows) ?? []) res.columnTypes[i] = ColumnTypeEnum.Character;
    return res;
  };
  // --- Fix 2: adapter-pg's executeScript splits on ';' (breaks function bodies / string literals).
  // Send each migration script whole (simple-query protocol), as the native engine does.
  adapterProto.executeScript = async function (script) {
    try { await this.client.query(script); } catch (e) { this.onError(e); }
  };
  patched = true;
}

globalThis.PRISMA_WASM_PANIC_REGISTRY ??= { message: '', set_message(m) { this.message = `RuntimeError: ${m}`; }, get() { return this.message; } };

async function loadEngine(url) {
  const u = new URL(url);
  const cfg = {
    host: u.hostname, port: Number(u.port || 5432), database: decodeURIComponent(u.pathname.slice(1)),
    user: decodeURIComponent(u.username), password: decodeURIComponent(u.password),
  };
  const factory = new PrismaPg(cfg);
  await patchAdapter(factory);
  // --- Fix 3: shadow database. adapter-pg's own connectToShadowDb (a) with { connectionString } points
  // the "shadow" pool at the REAL database (pg lets connectionString override `database`), and
  // (b) drops the shadow DB while its pool is still connected, which fails. Do it properly here.
  const shadows = new Set();
  // the engine does not dispose its main connection either: track it so close() can end the pool
  const opened = [];
  const connect = factory.connect.bind(factory);
  factory.connect = async () => { const a = await connect(); opened.push(a); return a; };
  const dropDb = async (name) => {
    const admin = new pg.Client(cfg);
    await admin.connect();
    try { await admin.query(`DROP DATABASE IF EXISTS ${admin.escapeIdentifier(name)} WITH (FORCE)`); } finally { await admin.end(); }
    shadows.delete(name);
  };
  factory.connectToShadowDb = async () => {
    const name = `prisma_migrate_shadow_db_${crypto.randomUUID()}`;
    const admin = new pg.Client(cfg);
    await admin.connect();
    try { await admin.query(`CREATE DATABASE ${admin.escapeIdentifier(name)}`); } finally { await admin.end(); }
    shadows.add(name);
    const a = await new PrismaPg({ ...cfg, database: name }).connect();
    const release = a.release;
    a.release = async () => { await release?.(); await dropDb(name); };
    return a;
  };
  // createRequire, not import.meta.resolve: the latter is unsupported inside Vite/Vitest's module runner
  const bgPath = createRequire(import.meta.url).resolve('@prisma/schema-engine-wasm/schema_engine_bg');
  const bg = await import(pathToFileURL(bgPath).href);
  const wasmPath = path.join(path.dirname(bgPath), 'schema_engine_bg.wasm');
  // the engine arms a 10 s timer it never clears, which would keep Node (e.g. Vitest) alive: unref it
  const imports = { ...bg };
  for (const k of Object.keys(bg)) {
    if (k.startsWith('__wbg_setTimeout_')) imports[k] = (...a) => { const t = bg[k](...a); t?.unref?.(); return t; };
  }
  const instance = new WebAssembly.Instance(new WebAssembly.Module(fs.readFileSync(wasmPath)), { './schema_engine_bg.js': imports });
  bg.__wbg_set_wasm(instance.exports);
  instance.exports.__wbindgen_start();
  const debug = process.env.DEBUG_SCHEMA_ENGINE ? (m) => console.error('[schema-engine]', m) : () => {};
  const engine = await bg.SchemaEngine.new({ datamodels: [[SCHEMA, fs.readFileSync(SCHEMA, 'utf8')]] }, debug, bindMigrationAwareSqlAdapterFactory(factory));
  const close = async () => {
    engine.free();
    for (const a of opened) await a.dispose().catch(() => {});
    for (const name of [...shadows]) await dropDb(name);
  };
  return { engine, close };
}

const schemaFiles = () => ({ files: [{ path: SCHEMA, content: fs.readFileSync(SCHEMA, 'utf8') }] });

function migrationsList() {
  fs.mkdirSync(MIGRATIONS, { recursive: true });
  const lockPath = path.join(MIGRATIONS, 'migration_lock.toml');
  if (!fs.existsSync(lockPath)) {
    fs.writeFileSync(lockPath, '# Please do not edit this file manually\n# It should be added in your version-control system (e.g., Git)\nprovider = "postgresql"\n');
  }
  const dirs = fs.readdirSync(MIGRATIONS, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
  return {
    baseDir: MIGRATIONS,
    lockfile: { path: 'migration_lock.toml', content: fs.readFileSync(lockPath, 'utf8') },
    shadowDbInitScript: '',
    migrationDirectories: dirs.map((d) => {
      const f = path.join(MIGRATIONS, d, 'migration.sql');
      return {
        path: d,
        migrationFile: {
          path: 'migration.sql',
          content: fs.existsSync(f) ? { tag: 'ok', value: fs.readFileSync(f, 'utf8') } : { tag: 'error', value: 'missing migration.sql' },
        },
      };
    }),
  };
}

export async function migrate(cmd, opts = {}) {
  const url = opts.url ?? process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set');
  const log = opts.quiet ? () => {} : (...a) => console.log(...a);
  const { engine, close } = await loadEngine(url);
  const diffToSchema = () => engine.diff({ from: { tag: 'migrations', ...migrationsList() }, to: { tag: 'schemaDatamodel', ...schemaFiles() }, script: true, exitCode: true, filters });
  const apply = async () => (await engine.applyMigrations({ migrationsList: migrationsList(), filters })).appliedMigrationNames;
  try {
    switch (cmd) {
      case 'deploy': {
        const applied = await apply();
        log(applied.length ? `Applied: ${applied.join(', ')}` : 'No pending migrations.');
        return applied;
      }
      case 'dev': {
        // `migrate dev` without drift detection / reset prompt: apply pending, write the SQL that takes
        // the migrations folder (replayed on a temporary shadow DB) to the schema, apply it.
        // (The wasm engine's createMigration refuses Postgres without a shadow-DB hook it lacks.)
        await apply();
        const res = await diffToSchema();
        if (res.exitCode !== 2 || !res.stdout?.trim()) { log('Already in sync, no migration created.'); return null; }
        const ts = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
        const dirName = `${ts}_${(opts.name ?? 'migration').replace(/[^A-Za-z0-9_]/g, '_')}`;
        fs.mkdirSync(path.join(MIGRATIONS, dirName), { recursive: true });
        fs.writeFileSync(path.join(MIGRATIONS, dirName, 'migration.sql'), res.stdout);
        log(`Created ${path.relative(process.cwd(), MIGRATIONS)}/${dirName}/migration.sql`);
        if (!opts.createOnly) log(`Applied: ${(await apply()).join(', ')}`);
        return dirName;
      }
      case 'diff': {
        const res = await diffToSchema();
        if (res.stdout) process.stdout.write(res.stdout);
        return res.exitCode;
      }
      case 'push': {
        const res = await engine.schemaPush({ force: !!opts.force, schema: schemaFiles(), filters });
        log(JSON.stringify(res));
        return res;
      }
      case 'reset': {
        await engine.reset({ filter: filters });
        const applied = await apply();
        log(`Reset; applied: ${applied.join(', ') || '(none)'}`);
        return applied;
      }
      case 'status': {
        const res = await engine.diagnoseMigrationHistory({ migrationsList: migrationsList(), optInToShadowDatabase: false, filters });
        log(JSON.stringify(res, null, 2));
        return res;
      }
      case 'resolve': {
        if (opts.rolledBack) await engine.markMigrationRolledBack({ migrationName: opts.rolledBack });
        else if (opts.applied) await engine.markMigrationApplied({ migrationName: opts.applied, migrationsList: migrationsList() });
        else throw new Error('resolve needs --rolled-back <name> or --applied <name>');
        log('Resolved.');
        return null;
      }
      default:
        throw new Error(`unknown command ${cmd}`);
    }
  } finally {
    await close();
  }
}

