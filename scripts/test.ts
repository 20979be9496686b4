// npm test: the typecheck and the unit tests, then the database tests and the e2e tests' production build side
// by side (the build keeps both cores busy for minutes while the db tests mostly wait on PostgreSQL), then the
// e2e tests against that build and the stress smoke. Stops at the first step that fails; prints each step's time.
import { spawn } from "node:child_process";
import fs from "node:fs";

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
console.log(`\nThe e2e build runs beside the db tests; its output goes to ${buildLog}.\n`);
const [db, build] = await Promise.all([
  run("db tests", "npm run test:db"),
  // the typecheck above already checked every file: the build skips its own pass (next.config.mjs)
  run("e2e build (beside db tests)", "bash scripts/ensure-chromium.sh && npm run build", { logFile: buildLog, env: { SUBLEDGER_BUILD_SKIPS_TYPECHECK: "1" } }),
]);
if (build.code !== 0) {
  console.error(`\nThe e2e build failed; the end of ${buildLog}:\n`);
  console.error(fs.readFileSync(buildLog, "utf8").split("\n").slice(-40).join("\n"));
}
if (db.code !== 0 || build.code !== 0) finish(1);

for (const [name, command] of [["e2e tests", "npx playwright test"], ["stress smoke", "npm run test:stress -- --smoke"]] as const) {
  if ((await run(name, command)).code !== 0) finish(1);
}
steps.push({ name: "total", seconds: Math.round((Date.now() - total) / 1000), code: 0 });
finish(0);
