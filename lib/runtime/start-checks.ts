// What `npm start` checks before it serves (instrumentation.ts): the settings production needs, a database that
// `npm run db:deploy` brought up to date, and, on a platform without an operator, the one-time setup link. A
// problem stops the start with a message that says what to do, instead of a crash on the first request.
import { pendingChanges } from "@/lib/db/migrations";

type SettingProblem = { name: string; problem: string };

const HOW = {
  DATABASE_URL: "the PostgreSQL to use, postgresql://user:password@host:5432/subledger",
  AUTH_SECRET: "the key that signs sessions, at least 32 characters: make one with `openssl rand -base64 32`",
  APP_URL: "the public URL people open, https://sms.example.com (links in e-mails and the setup link use it)",
  SMTP_URL: "where the app's mail goes (invitations, alerts): smtp://user:password@mail.example.com:587 or smtps://…:465",
} as const;

const isUrl = (value: string, protocols: string[]) => {
  try {
    return protocols.includes(new URL(value).protocol);
  } catch {
    return false;
  }
};

/** The production settings that are missing or malformed, each with what it should be. */
export function productionSettingProblems(env: Record<string, string | undefined>): SettingProblem[] {
  const problems: SettingProblem[] = [];
  const check = (name: keyof typeof HOW, ok: (v: string) => boolean) => {
    const value = env[name]?.trim();
    if (!value) problems.push({ name, problem: `missing: ${HOW[name]}` });
    else if (!ok(value)) problems.push({ name, problem: `not valid: ${HOW[name]}` });
  };
  check("DATABASE_URL", (v) => isUrl(v, ["postgres:", "postgresql:"]));
  check("AUTH_SECRET", (v) => v.length >= 32);
  check("APP_URL", (v) => isUrl(v, ["http:", "https:"]));
  check("SMTP_URL", (v) => isUrl(v, ["smtp:", "smtps:"]));
  return problems;
}

export function describeSettingProblems(problems: SettingProblem[]) {
  const width = Math.max(...problems.map((p) => p.name.length));
  return [
    `Subledger cannot start: ${problems.length === 1 ? "a setting is" : `${problems.length} settings are`} missing or not valid.`,
    ...problems.map((p) => `  ${p.name.padEnd(width)}  ${p.problem}`),
    'Set them in the environment of `npm start` (README: "Run it for your business").',
  ].join("\n");
}

function stop(message: string): never {
  console.error(`\n${message}\n`);
  process.exit(1);
}

/** Runs once per server start; never returns when the app must not serve. */
export async function runStartChecks() {
  const isProduction = process.env.NODE_ENV === "production";
  if (isProduction) {
    const problems = productionSettingProblems(process.env);
    if (problems.length) stop(describeSettingProblems(problems));
  }
  const url = process.env.DATABASE_URL;
  if (!url) return; // development without a database: the pages say so
  let pending: Awaited<ReturnType<typeof pendingChanges>>;
  try {
    pending = await pendingChanges(url);
  } catch (err) {
    const message = (err as Error).message;
    return stop(
      message.includes("migration history")
        ? `Subledger cannot start: ${message}`
        : `Subledger cannot start: the database in DATABASE_URL (${new URL(url).host}) cannot be reached: ${message}`,
    );
  }
  if (pending.migrations.length || pending.sqlFiles.length) {
    const what = [
      pending.migrations.length ? `${pending.migrations.length} migration(s) (${pending.migrations.join(", ")})` : "",
      pending.sqlFiles.length ? `${pending.sqlFiles.length} database function(s)` : "",
    ].filter(Boolean);
    stop(`Subledger cannot start: the database is not up to date: ${what.join(" and ")} to apply.\nRun \`npm run db:deploy\` with the same DATABASE_URL, then start again.`);
  }
  const { carrierKeyProblem } = await import("@/lib/domain/carriers/carrier-key-check");
  const carrierProblem = await carrierKeyProblem();
  if (carrierProblem) stop(carrierProblem);
  const { issueSetupLink } = await import("@/lib/domain/platform/set-up-platform");
  const appUrl = process.env.APP_URL ?? `http://localhost:${process.env.PORT ?? 3000}`;
  const link = await issueSetupLink({ baseUrl: appUrl });
  if (link) {
    console.log(
      [
        "",
        "  ┌─────────────────────────────────────────────────────────────────────────────",
        "  │ This platform has no operator yet. Open this link to set it up (it works once,",
        `  │ until ${link.expiresAt.toISOString().replace("T", " ").slice(0, 16)} UTC; every start prints a new one until then):`,
        "  │",
        `  │   ${link.url}`,
        "  │",
        "  │ Or from a shell: npm run setup -- --email you@example.com",
        "  └─────────────────────────────────────────────────────────────────────────────",
        "",
      ].join("\n"),
    );
  }
}
