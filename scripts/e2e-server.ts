// Playwright's web servers: a fresh embedded PostgreSQL (or E2E_DATABASE_URL, which must be local: it is wiped),
// migrations, an SMTP capture server, and the built app under `next start`.
//   (default)  the demo data seeded first, SIGNUP=open (the sign-up e2e)
//   --empty    nothing seeded, sign-up closed: the first run of a real business (e2e/first-run.spec.ts); what the
//              app prints (its setup link) is also written to E2E_EMPTY_LOG for the test to read
//   --upstream one funded tenant and its API key (written to E2E_UPSTREAM_KEY_FILE): a second Subledger the
//              default one buys from over HTTP (e2e/carriers-upstream.spec.ts)
// The default one also runs a fake SMSC on E2E_SMSC_PORT (the tests' own), for the SMPP connection its
// carriers spec adds.
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import {
  E2E_APP_PORT,
  E2E_AUTH_SECRET,
  E2E_CARRIER_SECRET_KEY,
  E2E_DB,
  E2E_EMPTY_APP_PORT,
  E2E_EMPTY_DB,
  E2E_EMPTY_LOG,
  E2E_EMPTY_SMTP_PORT,
  E2E_SMSC_PORT,
  E2E_SMTP_PORT,
  E2E_UPSTREAM_APP_PORT,
  E2E_UPSTREAM_DB,
  E2E_UPSTREAM_KEY_FILE,
  E2E_UPSTREAM_SMTP_PORT,
  MAIL_DIR,
} from "./lib/config.ts";
import { startEmbeddedPostgres } from "./lib/embedded-postgres.ts";
import { startMailCapture } from "./lib/mail-capture.ts";
import { applyMigrations, assertLocalDatabase, resetDatabase } from "../lib/db/migrations.ts";

const isEmpty = process.argv.includes("--empty");
const isUpstream = process.argv.includes("--upstream");
const dbConfig = isEmpty ? E2E_EMPTY_DB : isUpstream ? E2E_UPSTREAM_DB : E2E_DB;
const port = isEmpty ? E2E_EMPTY_APP_PORT : isUpstream ? E2E_UPSTREAM_APP_PORT : E2E_APP_PORT;
const externalUrl = isEmpty || isUpstream ? undefined : process.env.E2E_DATABASE_URL;
const db = externalUrl ? null : await startEmbeddedPostgres(dbConfig);
const databaseUrl = externalUrl ?? db!.url;
assertLocalDatabase(databaseUrl);
await resetDatabase(databaseUrl);
await applyMigrations(databaseUrl, { quiet: true });
process.env.DATABASE_URL = databaseUrl;
if (isUpstream) {
  const { seedUpstreamTenant } = await import("./lib/e2e-upstream.ts");
  const key = await seedUpstreamTenant();
  fs.mkdirSync(path.dirname(E2E_UPSTREAM_KEY_FILE), { recursive: true });
  fs.writeFileSync(E2E_UPSTREAM_KEY_FILE, key, { mode: 0o600 });
} else if (!isEmpty) {
  const { seedDemo } = await import("./lib/seed-demo.ts");
  await seedDemo();
  const { prisma } = await import("../lib/db/client.ts");
  await prisma.$disconnect();
}

const mailDir = isEmpty ? MAIL_DIR.e2eEmpty : isUpstream ? MAIL_DIR.e2eUpstream : MAIL_DIR.e2e;
fs.rmSync(mailDir, { recursive: true, force: true });
const mail = await startMailCapture({ dir: mailDir, port: isEmpty ? E2E_EMPTY_SMTP_PORT : isUpstream ? E2E_UPSTREAM_SMTP_PORT : E2E_SMTP_PORT });
const { startFakeSmsc } = await import("../lib/domain/carriers/smpp/fake-smsc.ts");
const smsc = isEmpty || isUpstream ? null : await startFakeSmsc({ port: E2E_SMSC_PORT, systemId: "e2e", password: "e2e12345", receiptDelayMs: 300 });

const log = isEmpty ? (fs.mkdirSync(path.dirname(E2E_EMPTY_LOG), { recursive: true }), fs.createWriteStream(E2E_EMPTY_LOG)) : null;
// the moment `npm start` would run: the first-run test measures from it to the first tenant's first message
log?.write(`e2e-server: next start at ${new Date().toISOString()}\n`);
const app = spawn("node_modules/.bin/next", ["start", "--port", String(port), "--hostname", "127.0.0.1"], {
  stdio: ["ignore", log ? "pipe" : "inherit", "inherit"],
  env: {
    ...process.env,
    NODE_ENV: "production",
    DATABASE_URL: databaseUrl,
    SMTP_URL: mail.url,
    MAIL_CAPTURE_DIR: mail.dir,
    AUTH_SECRET: E2E_AUTH_SECRET,
    CARRIER_SECRET_KEY: E2E_CARRIER_SECRET_KEY,
    // destinations without a route go to the sandbox, as in development (production refuses them)
    MESSAGE_DRIVER: process.env.MESSAGE_DRIVER ?? "sandbox",
    AUTH_TRUST_HOST: "true",
    APP_URL: `http://127.0.0.1:${port}`,
    NEXT_TELEMETRY_DISABLED: "1",
    // delivery callbacks to a receiver on this machine are what local work needs (production refuses them)
    CALLBACKS_ALLOW_PRIVATE: process.env.CALLBACKS_ALLOW_PRIVATE ?? "1",
    ...(isEmpty ? { SIGNUP: "" } : { SIGNUP: "open" }),
  },
});
if (log && app.stdout) {
  app.stdout.on("data", (chunk: Buffer) => {
    process.stdout.write(chunk);
    log.write(chunk);
  });
}

let stopping = false;
async function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  if (app.exitCode === null) {
    const exited = new Promise((r) => app.once("exit", r));
    app.kill("SIGTERM");
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
  }
  log?.end();
  await smsc?.close();
  await mail.close();
  await db?.stop();
  process.exit(code);
}
process.on("SIGINT", () => void stop());
process.on("SIGTERM", () => void stop());
app.on("exit", (code) => void stop(code ?? 1));
