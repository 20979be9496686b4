// npm run dev: everything a developer needs, from one command, on a machine with nothing but Node.
//   1. PostgreSQL: DATABASE_URL if set, else an embedded one (data in .data/pg/dev, reused next time)
//   2. migrations, then the demo data (once)
//   3. mail: SMTP_URL if set, else a local capture server whose inbox is at /dev/mail
//   4. next dev, and the URL, demo sign-in and demo API key printed
// Ctrl-C stops all of it, PostgreSQL included.
import { spawn, type ChildProcess } from "node:child_process";
import { DEV_APP_PORT, DEV_DB, DEV_SMSC_PORT, MAIL_DIR } from "./lib/config.ts";
import { startEmbeddedPostgres, type EmbeddedDb } from "./lib/embedded-postgres.ts";
import { localAuthSecret, localCarrierKey, waitForHttp } from "./lib/local-env.ts";
import { startMailCapture } from "./lib/mail-capture.ts";
import { applyMigrations } from "../lib/db/migrations.ts";

const started = performance.now();
let db: EmbeddedDb | null = null;
let mail: Awaited<ReturnType<typeof startMailCapture>> | null = null;
let app: ChildProcess | null = null;
let smsc: { close(): Promise<void>; host: string; port: number } | null = null;
let stopping = false;

async function shutdown(code = 0) {
  if (stopping) return;
  stopping = true;
  console.log("\nStopping the app, the mail capture and PostgreSQL…");
  if (app && app.exitCode === null) {
    const exited = new Promise((r) => app!.once("exit", r));
    app.kill("SIGTERM");
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
    if (app.exitCode === null) app.kill("SIGKILL");
  }
  await mail?.close().catch(() => {});
  await smsc?.close().catch(() => {});
  if (db) {
    await db.stop().catch((e) => console.error("PostgreSQL did not stop cleanly:", e));
    console.log("PostgreSQL stopped.");
  }
  process.exit(code);
}
process.on("SIGINT", () => void shutdown(0));
process.on("SIGTERM", () => void shutdown(0));

try {
  let databaseUrl = process.env.DATABASE_URL;
  if (databaseUrl) {
    console.log(`Using the PostgreSQL in DATABASE_URL (${new URL(databaseUrl).host}).`);
  } else {
    db = await startEmbeddedPostgres(DEV_DB);
    databaseUrl = db.url;
    console.log(`Embedded PostgreSQL ${db.fresh ? "created" : "started"} in ${db.dir} (${db.timings.totalMs} ms).`);
  }
  process.env.DATABASE_URL = databaseUrl;
  await applyMigrations(databaseUrl);
  const { seedDemo } = await import("./lib/seed-demo.ts");
  const demo = await seedDemo();
  console.log(demo.created ? "Demo data seeded." : "Demo data already present.");
  // the demo's carrier: a fake SMSC here, and an SMPP connection with a route for +44 pointed at it
  process.env.CARRIER_SECRET_KEY = localCarrierKey();
  const { startDemoSmsc, ensureDemoCarrier } = await import("./lib/demo-carrier.ts");
  smsc = await startDemoSmsc(DEV_SMSC_PORT);
  await ensureDemoCarrier(smsc as Parameters<typeof ensureDemoCarrier>[0]);
  const { prisma } = await import("../lib/db/client.ts");
  await prisma.$disconnect();

  let smtpUrl = process.env.SMTP_URL;
  let mailDir: string | undefined;
  if (smtpUrl) {
    console.log(`Sending mail through SMTP_URL (${new URL(smtpUrl).host}).`);
  } else {
    mail = await startMailCapture({ dir: MAIL_DIR.dev, port: Number(process.env.SMTP_CAPTURE_PORT ?? 2525) }).catch(() =>
      startMailCapture({ dir: MAIL_DIR.dev }), // 2525 taken: any free port
    );
    smtpUrl = mail.url;
    mailDir = mail.dir;
  }

  const appUrl = `http://localhost:${DEV_APP_PORT}`;
  app = spawn("node_modules/.bin/next", ["dev", "--port", String(DEV_APP_PORT), "--hostname", process.env.HOST ?? "localhost"], {
    stdio: ["ignore", "inherit", "inherit"],
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      SMTP_URL: smtpUrl,
      ...(mailDir ? { MAIL_CAPTURE_DIR: mailDir } : {}),
      AUTH_SECRET: localAuthSecret(),
      CARRIER_SECRET_KEY: localCarrierKey(),
      AUTH_TRUST_HOST: "true",
      APP_URL: process.env.APP_URL ?? appUrl,
      NEXT_TELEMETRY_DISABLED: "1",
      // delivery callbacks to a receiver on this machine are what local work needs (production refuses them)
      CALLBACKS_ALLOW_PRIVATE: process.env.CALLBACKS_ALLOW_PRIVATE ?? "1",
    },
  });
  app.on("exit", (code) => {
    if (!stopping) {
      console.error(`next dev exited (${code}).`);
      void shutdown(code ?? 1);
    }
  });
  await waitForHttp(`${appUrl}/sign-in`, 120_000, () => app?.exitCode === null);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(`
  ┌──────────────────────────────────────────────────────────────────────────────
  │ Subledger is running (ready in ${seconds} s)
  │
  │   URL            ${appUrl}
  │   Sign in        ${demo.email} / ${demo.password}
  │   Operator       ${demo.operatorEmail} / ${demo.password}   (the platform's console: ${appUrl}/operator)
  │   API key        ${demo.apiKey}   (master account #${demo.masterAccountId})
  │   Demo carrier   fake SMSC on ${smsc ? `${smsc.host}:${smsc.port}` : "(off)"}: +44 numbers go out over SMPP through it (the operator's Carriers page)
  │   Dev inbox      ${mailDir ? `${appUrl}/dev/mail   (SMTP capture on ${smtpUrl})` : "off: mail goes to SMTP_URL"}
  │   Database       ${db ? `embedded PostgreSQL, ${databaseUrl}` : "DATABASE_URL"}
  │
  │ Ctrl-C stops everything.
  └──────────────────────────────────────────────────────────────────────────────
`);
} catch (err) {
  console.error("Could not start:", (err as Error).message ?? err);
  await shutdown(1);
}
