// npm test: the typecheck and the unit tests, then the database tests and the e2e tests' production build side
// by side (the build keeps both cores busy for minutes while the db tests mostly wait on PostgreSQL), then the
// e2e tests against that build and the stress smoke. Stops at the first step that fails; prints each step's time.
// The e2e servers (their databases, migrations, the demo seed, `next start`) start as soon as the build is done,
// still beside the db tests, and Playwright reuses them: their minute of start-up is not spent after the db tests.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import { E2E_APP_PORT, E2E_EMPTY_APP_PORT, E2E_UPSTREAM_APP_PORT } from "./lib/config.ts";

type Step = { name: string; seconds: number; code: number };
const steps: Step[] = [];

function run(name: string, command: string, { logFile, env }: { logFile?: string; env?: Record<string, string> } = {}): Promise<Step> {
  const started = Date.now();
  return new Promise((resolve) => {
    const out = logFile ? fs.openSync(logFile, "w") : "inherit";
    const child = spawn("bash", ["-c", command], { stdio: ["ignore", out, out], env: { ...process.env, ...env } });
    child.on("exit", (code, signal) => {
      if (typeof out === "number") fs.closeSync(out);
      const step = { name, seconds: Math.round((Date.now() - started) / 1000), code: code ?? (signal ? 1 : 0) };
      steps.push(step);
      resolve(step);
    });
  });
}

type Servers = { ready: Promise<boolean>; stop: () => Promise<void> };

/** The e2e servers Playwright would start (playwright.config.ts), started here; their output goes to `logFile`. */
function startE2eServers(logFile: string): Servers {
  const out = fs.openSync(logFile, "w");
  // each in a process group of its own, so that stopping one stops its app and PostgreSQL, as Playwright does
  const children: ChildProcess[] = ["", "--empty", "--upstream"].map((flag) =>
    spawn("bash", ["-c", `exec node_modules/.bin/tsx scripts/e2e-server.ts ${flag}`], { stdio: ["ignore", out, out], detached: true }),
  );
  const exited = children.map((child) => new Promise<void>((resolve) => (child.exitCode !== null ? resolve() : child.once("exit", () => resolve()))));
  const up = async (port: number) => (await fetch(`http://127.0.0.1:${port}/sign-in`).catch(() => null))?.ok === true;
  const ready = (async () => {
    const deadline = Date.now() + 180_000;
    while (Date.now() < deadline) {
      if (children.some((child) => child.exitCode !== null)) return false;
      if ((await up(E2E_APP_PORT)) && (await up(E2E_EMPTY_APP_PORT)) && (await up(E2E_UPSTREAM_APP_PORT))) return true;
      await new Promise((r) => setTimeout(r, 500));
    }
    return false;
  })();
  return {
    ready,
    async stop() {
      for (const child of children) if (child.exitCode === null && child.pid) process.kill(-child.pid, "SIGTERM");
      await Promise.race([Promise.all(exited), new Promise((r) => setTimeout(r, 20_000))]);
      fs.closeSync(out);
    },
  };
}

function finish(code: number): never {
  console.log(`\nnpm test ${code === 0 ? "passed" : "FAILED"}:`);
  for (const s of steps) console.log(`  ${s.code === 0 ? "ok  " : "FAIL"} ${s.name.padEnd(28)} ${Math.floor(s.seconds / 60)}m${String(s.seconds % 60).padStart(2, "0")}s`);
  process.exit(code);
}

const total = Date.now();
for (const [name, command] of [["typecheck", "npm run typecheck"], ["unit tests", "npm run test:unit"]] as const) {
  if ((await run(name, command)).code !== 0) finish(1);
}

fs.mkdirSync(".data", { recursive: true });
const buildLog = ".data/test-e2e-build.log";
const serversLog = ".data/test-e2e-servers.log";
console.log(`\nThe e2e build runs beside the db tests, then the e2e servers; their output goes to ${buildLog} and ${serversLog}.\n`);
let servers: Servers | undefined;
const [db, build] = await Promise.all([
  run("db tests", "npm run test:db"),
  // the typecheck above already checked every file: the build skips its own pass (next.config.mjs)
  run("e2e build (beside db tests)", "bash scripts/ensure-chromium.sh && npm run build", { logFile: buildLog, env: { SUBLEDGER_BUILD_SKIPS_TYPECHECK: "1" } }).then((step) => {
    if (step.code === 0) servers = startE2eServers(serversLog);
    return step;
  }),
]);
if (build.code !== 0) {
  console.error(`\nThe e2e build failed; the end of ${buildLog}:\n`);
  console.error(fs.readFileSync(buildLog, "utf8").split("\n").slice(-40).join("\n"));
}
if (db.code !== 0 || build.code !== 0) {
  await servers?.stop();
  finish(1);
}

const waited = Date.now();
const serversUp = await servers!.ready;
steps.push({ name: "e2e servers (waited for)", seconds: Math.round((Date.now() - waited) / 1000), code: serversUp ? 0 : 1 });
if (!serversUp) {
  await servers!.stop();
  console.error(`\nThe e2e servers did not start; the end of ${serversLog}:\n`);
  console.error(fs.readFileSync(serversLog, "utf8").split("\n").slice(-40).join("\n"));
  finish(1);
}
const e2e = await run("e2e tests", "npx playwright test", { env: { SUBLEDGER_E2E_SERVERS_RUNNING: "1" } });
await servers!.stop();
if (e2e.code !== 0) finish(1);
if ((await run("stress smoke", "npm run test:stress -- --smoke")).code !== 0) finish(1);
steps.push({ name: "total", seconds: Math.round((Date.now() - total) / 1000), code: 0 });
finish(0);
