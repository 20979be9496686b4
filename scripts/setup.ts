// npm run setup -- --email ops@example.com [--name "Ada Lovelace"] [--platform "Acme SMS"]
// The first platform operator from a shell, for automation: what the one-time setup link does in a browser.
// The password is never an argument (it would stay in the shell's history and in `ps`): piped in on stdin
// (`printf '%s' "$PASSWORD" | npm run setup -- --email …`), or, from a terminal, generated and printed once.
// Uses DATABASE_URL (brought up to date by `npm run db:deploy`), or the embedded dev database when unset.
import { randomBytes } from "node:crypto";
import { parseArgs } from "node:util";
import { pendingChanges } from "../lib/db/migrations.ts";
import { DEV_DB } from "./lib/config.ts";
import { startEmbeddedPostgres } from "./lib/embedded-postgres.ts";

const USAGE = 'usage: npm run setup -- --email <address> [--name "<your name>"] [--platform "<platform name>"]  (password on stdin, or generated)';

async function readStdin() {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8").replace(/\r?\n$/, "");
}

let args: ReturnType<typeof parse>;
function parse() {
  return parseArgs({ options: { email: { type: "string" }, name: { type: "string" }, platform: { type: "string" }, password: { type: "string" } }, strict: true });
}
try {
  args = parse();
} catch (err) {
  console.error(`${(err as Error).message}\n${USAGE}`);
  process.exit(2);
}
if (args.values.password !== undefined) {
  console.error("The password is never taken as an argument (shell history, ps). Pipe it on stdin, or let setup generate one.");
  process.exit(2);
}
if (!args.values.email) {
  console.error(USAGE);
  process.exit(2);
}

const embedded = process.env.DATABASE_URL ? null : await startEmbeddedPostgres(DEV_DB);
const url = process.env.DATABASE_URL ?? embedded!.url;
process.env.DATABASE_URL = url;
let exitCode = 0;
try {
  const pending = await pendingChanges(url);
  if (pending.migrations.length || pending.sqlFiles.length) {
    throw new Error("The database is not up to date: run `npm run db:deploy` with the same DATABASE_URL first.");
  }
  const isGenerated = process.stdin.isTTY === true;
  const password = isGenerated ? randomBytes(18).toString("base64url") : await readStdin();
  const email = args.values.email;
  const { setUpPlatform } = await import("../lib/domain/platform/set-up-platform.ts");
  const operator = await setUpPlatform({
    input: { platformName: args.values.platform ?? "Subledger", name: args.values.name ?? email.split("@")[0], email, password },
    token: null,
  });
  console.log(`The platform has its first operator: ${operator.name} <${operator.email}>. Sign in at ${process.env.APP_URL ?? "the app"}/sign-in.`);
  if (isGenerated) console.log(`One-time password (shown once, store it now): ${password}`);
} catch (err) {
  const e = err as Error & { fieldErrors?: Record<string, string[]> };
  console.error(`Setup failed: ${e.message}`);
  for (const [field, messages] of Object.entries(e.fieldErrors ?? {})) console.error(`  ${field}: ${messages.join(" ")}`);
  exitCode = 1;
} finally {
  const { prisma } = await import("../lib/db/client.ts");
  await prisma.$disconnect().catch(() => {});
  await embedded?.stop();
}
process.exit(exitCode);
