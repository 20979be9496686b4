// The stress suite's PostgreSQL: an embedded cluster with fsync on (a crash test means nothing without it),
// which the kill-PostgreSQL scenario stops with `pg_ctl stop -m immediate` (a crash: no checkpoint, no
// goodbye to the clients) and starts again with `pg_ctl start`, so that recovery replays the WAL.
import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { startEmbeddedPostgres } from "../lib/embedded-postgres.ts";
import { applyMigrations, resetDatabase } from "../../lib/db/migrations.ts";
import { STRESS_DB, STRESS_DIR } from "./config.ts";

export type StressCluster = {
  url: string;
  dir: string;
  /** `pg_ctl stop -m immediate`: resolves with the milliseconds it took */
  crash(): Promise<number>;
  /** `pg_ctl start -w` with the options the cluster last ran with (crash recovery included): milliseconds to ready */
  restart(): Promise<number>;
  /** a fresh, migrated database */
  reset(): Promise<void>;
  stop(): Promise<void>;
};

const isRoot = () => process.getuid?.() === 0;

function postmasterPid(dir: string): number | null {
  const file = path.join(dir, "postmaster.pid");
  if (!fs.existsSync(file)) return null;
  const pid = Number(fs.readFileSync(file, "utf8").split("\n")[0]);
  try {
    process.kill(pid, 0);
    return pid;
  } catch {
    return null;
  }
}

export async function startStressCluster(): Promise<StressCluster> {
  const db = await startEmbeddedPostgres(STRESS_DB);
  // pg_ctl sits beside the postgres binary that runs (embedded-postgres may run a copy under the temp folder);
  // found when first needed (Linux /proc), while the server still runs
  let pgCtlPath: string | null = null;
  const pgCtl = () => {
    if (pgCtlPath) return pgCtlPath;
    const pid = postmasterPid(db.dir);
    if (!pid) throw new Error(`${db.dir}/postmaster.pid names no live process: cannot find pg_ctl`);
    return (pgCtlPath = path.join(path.dirname(fs.realpathSync(`/proc/${pid}/exe`)), "pg_ctl"));
  };
  // the server's own command line, as PostgreSQL recorded it: a restart keeps the port, fsync and the rest
  const options = fs
    .readFileSync(path.join(db.dir, "postmaster.opts"), "utf8")
    .trim()
    .replace(/^\S+\s*/, "") // the binary
    .replace(/"-D"\s+"[^"]*"\s*/, ""); // pg_ctl passes -D itself
  fs.mkdirSync(STRESS_DIR, { recursive: true });
  // written by the postgres user: under the temp folder, which it can always reach
  const logFile = path.join("/tmp", `subledger-stress-pg-${STRESS_DB.port}.log`);

  // asynchronous: the storm's clients live in this process and keep going while PostgreSQL goes down
  const run = (args: string[]) =>
    new Promise<number>((resolve, reject) => {
      const started = performance.now();
      // as root, PostgreSQL runs as `postgres` (embedded-postgres does the same), and pg_ctl refuses root
      const [cmd, argv] = isRoot() ? ["runuser", ["-u", "postgres", "--", pgCtl(), ...args]] : [pgCtl(), args];
      execFile(cmd, argv, { encoding: "utf8" }, (err, stdout, stderr) => {
        if (err) reject(new Error(`pg_ctl ${args[0]} failed: ${stderr || stdout || err.message}`));
        else resolve(Math.round(performance.now() - started));
      });
    });
  const running = () => postmasterPid(db.dir) !== null;
  // once pg_ctl has started the server, embedded-postgres no longer owns it
  let ownedByPgCtl = false;

  return {
    url: db.url,
    dir: db.dir,
    crash: () => run(["stop", "-D", db.dir, "-m", "immediate", "-w"]),
    async restart() {
      ownedByPgCtl = true;
      return run(["start", "-D", db.dir, "-w", "-t", "120", "-l", logFile, "-o", options]);
    },
    async reset() {
      await resetDatabase(db.url);
      await applyMigrations(db.url, { quiet: true });
    },
    async stop() {
      if (!ownedByPgCtl) await db.stop();
      else if (running()) await run(["stop", "-D", db.dir, "-m", "fast", "-w"]);
    },
  };
}

/** One plain connection for the suite's own checks (not the app's pools, which the scenarios break). */
export async function connect(url: string) {
  const client = new pg.Client({ connectionString: url, application_name: "subledger-stress-check" });
  await client.connect();
  client.on("error", () => undefined); // a crash scenario may cut it; the caller reconnects
  return client;
}
