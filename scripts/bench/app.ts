// The built app (next start) for the HTTP benchmarks, against the benchmark's database.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import { randomUUID } from "node:crypto";
import { startMailCapture } from "../lib/mail-capture.ts";

// production's settings are all required (lib/runtime/start-checks.ts): the mail the app sends goes here
let mail: Awaited<ReturnType<typeof startMailCapture>> | null = null;

export async function ensureBuild() {
  if (fs.existsSync(".next/BUILD_ID")) return;
  console.log("No build found: running npm run build first …");
  await new Promise<void>((resolve, reject) => {
    const build = spawn("npm", ["run", "build"], { stdio: "inherit" });
    build.on("exit", (code) => (code === 0 ? resolve() : reject(new Error("build failed"))));
  });
}

/**
 * Starts `next start` on `port` and resolves once `isReady(baseUrl)` says so. BENCH_APP_NODE_ARGS (e.g.
 * "--cpu-prof --cpu-prof-dir=/tmp/prof") go to the app's node alone, not to the benchmark's client.
 */
export async function startApp(
  url: string,
  { port, env = {}, isReady }: { port: number; env?: Record<string, string>; isReady: (base: string) => Promise<boolean> },
): Promise<ChildProcess> {
  await ensureBuild();
  mail ??= await startMailCapture({ dir: ".data/mail/bench" });
  const nodeArgs = process.env.BENCH_APP_NODE_ARGS?.split(" ").filter(Boolean) ?? [];
  const app = spawn(process.execPath, [...nodeArgs, "node_modules/next/dist/bin/next", "start", "--port", String(port), "--hostname", "127.0.0.1"], {
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...env, ...process.env, NODE_ENV: "production", DATABASE_URL: url, AUTH_SECRET: randomUUID(), AUTH_TRUST_HOST: "true",
      NEXT_TELEMETRY_DISABLED: "1", APP_URL: `http://127.0.0.1:${port}`, SMTP_URL: mail.url,
      // unrouted destinations go to the sandbox, as in development (a bench that routes sets its own routes)
      MESSAGE_DRIVER: process.env.MESSAGE_DRIVER ?? "sandbox", CARRIER_SECRET_KEY: process.env.CARRIER_SECRET_KEY ?? "bench-only-carrier-key-not-for-production" },
  });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 120; i++) {
    try {
      if (await isReady(base)) return app;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  app.kill();
  throw new Error("the app did not start");
}

export async function stopApp(app: ChildProcess) {
  app.kill("SIGTERM");
  await new Promise((r) => app.once("exit", r));
  await mail?.close();
  mail = null;
}

/** Signs in through next-auth's credentials endpoint, as the sign-in form does; returns the Cookie header. */
export async function signIn(base: string, email: string, password: string): Promise<string> {
  const csrf = await fetch(`${base}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const csrfCookie = csrf.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  const res = await fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: csrfCookie },
    body: new URLSearchParams({ csrfToken, email, password, callbackUrl: `${base}/` }),
  });
  const session = res.headers.getSetCookie().map((c) => c.split(";")[0]).find((c) => c.includes("session-token="));
  if (!session) throw new Error(`sign-in failed (${res.status})`);
  return `${csrfCookie}; ${session}`;
}
