// Playwright's web server: a fresh embedded PostgreSQL (or E2E_DATABASE_URL, which must be local: it is
// wiped), migrations, the demo data, an SMTP capture server, and the built app under `next start`.
import { spawn } from "node:child_process";
import fs from "node:fs";
import { E2E_APP_PORT, E2E_AUTH_SECRET, E2E_DB, E2E_SMTP_PORT, MAIL_DIR } from "./lib/config.ts";
import { startEmbeddedPostgres } from "./lib/embedded-postgres.ts";
import { startMailCapture } from "./lib/mail-capture.ts";
import { applyMigrations, assertLocalDatabase, resetDatabase } from "../lib/db/migrations.ts";

const db = process.env.E2E_DATABASE_URL ? null : await startEmbeddedPostgres(E2E_DB);
const databaseUrl = process.env.E2E_DATABASE_URL ?? db!.url;
assertLocalDatabase(databaseUrl);
await resetDatabase(databaseUrl);
await applyMigrations(databaseUrl, { quiet: true });
process.env.DATABASE_URL = databaseUrl;
const { seedDemo } = await import("./lib/seed-demo.ts");
await seedDemo();
const { prisma } = await import("../lib/db/client.ts");
await prisma.$disconnect();

fs.rmSync(MAIL_DIR.e2e, { recursive: true, force: true });
const mail = await startMailCapture({ dir: MAIL_DIR.e2e, port: E2E_SMTP_PORT });

const app = spawn("node_modules/.bin/next", ["start", "--port", String(E2E_APP_PORT), "--hostname", "127.0.0.1"], {
  stdio: "inherit",
  env: {
    ...process.env,
    NODE_ENV: "production",
    DATABASE_URL: databaseUrl,
    SMTP_URL: mail.url,
    MAIL_CAPTURE_DIR: mail.dir,
    AUTH_SECRET: E2E_AUTH_SECRET,
    AUTH_TRUST_HOST: "true",
    APP_URL: `http://127.0.0.1:${E2E_APP_PORT}`,
    NEXT_TELEMETRY_DISABLED: "1",
    // delivery callbacks to a receiver on this machine are what local work needs (production refuses them)
    CALLBACKS_ALLOW_PRIVATE: process.env.CALLBACKS_ALLOW_PRIVATE ?? "1",
  },
});

let stopping = false;
async function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  if (app.exitCode === null) {
    const exited = new Promise((r) => app.once("exit", r));
    app.kill("SIGTERM");
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
  }
  await mail.close();
  await db?.stop();
  process.exit(code);
}
process.on("SIGINT", () => void stop());
process.on("SIGTERM", () => void stop());
app.on("exit", (code) => void stop(code ?? 1));
