// `next start` instances for the stress suite: each in its own process group (so that `kill -9` takes the
// whole server, whatever it forks), logging to a file, all sharing one AUTH_SECRET as instances behind a load
// balancer must.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { STRESS_DIR } from "./config.ts";

export type AppInstance = {
  port: number;
  base: string;
  pid: number;
  /** milliseconds from spawn to the first answered request */
  readyMs: number;
  exited: Promise<void>;
  /** SIGKILL to the whole process group; resolves once it is gone */
  kill9(): Promise<void>;
  /** SIGTERM, then SIGKILL after 10 s */
  stop(): Promise<void>;
};

export type AppEnv = { databaseUrl: string; authSecret: string; smtpUrl?: string; extra?: Record<string, string> };

const live = new Set<ChildProcess>();

/** Kills every instance still running (the suite's exit path, also on Ctrl-C). */
export function killAllInstances() {
  for (const child of live) {
    try {
      process.kill(-child.pid!, "SIGKILL");
    } catch {
      // already gone
    }
  }
}

function tail(file: string, lines = 30) {
  try {
    return fs.readFileSync(file, "utf8").split("\n").slice(-lines).join("\n");
  } catch {
    return "(no log)";
  }
}

/**
 * Starts `next start` on `port` and resolves when it answers an API route (an unauthenticated POST to the
 * credit route: 401, with that route's code loaded). Polls every 20 ms, so the figure is the start itself.
 */
export async function startInstance(port: number, env: AppEnv, { timeoutMs = 90_000 } = {}): Promise<AppInstance> {
  fs.mkdirSync(STRESS_DIR, { recursive: true });
  const logFile = path.join(STRESS_DIR, `app-${port}.log`);
  const log = fs.openSync(logFile, "a");
  const started = performance.now();
  const child = spawn(process.execPath, ["node_modules/next/dist/bin/next", "start", "--port", String(port), "--hostname", "127.0.0.1"], {
    detached: true,
    stdio: ["ignore", log, log],
    env: {
      ...process.env,
      ...env.extra,
      NODE_ENV: "production",
      DATABASE_URL: env.databaseUrl,
      AUTH_SECRET: env.authSecret,
      AUTH_TRUST_HOST: "true",
      APP_URL: `http://127.0.0.1:${port}`,
      NEXT_TELEMETRY_DISABLED: "1",
      // the stress tenants send through the sandbox: no carrier is routed here
      MESSAGE_DRIVER: process.env.MESSAGE_DRIVER ?? "sandbox",
      ...(env.smtpUrl ? { SMTP_URL: env.smtpUrl } : {}),
    },
  });
  fs.closeSync(log);
  live.add(child);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  void exited.then(() => live.delete(child));
  let gone = false;
  void exited.then(() => (gone = true));
  const base = `http://127.0.0.1:${port}`;
  const deadline = started + timeoutMs;
  for (;;) {
    if (gone) throw new Error(`next start on port ${port} exited while starting. Log ${logFile}:\n${tail(logFile)}`);
    if (performance.now() > deadline) {
      process.kill(-child.pid!, "SIGKILL");
      throw new Error(`next start on port ${port} did not answer within ${timeoutMs / 1000} s. Log ${logFile}:\n${tail(logFile)}`);
    }
    try {
      const res = await fetch(`${base}/api/v1/accounts/1/credit`, { method: "POST", signal: AbortSignal.timeout(5_000) });
      await res.arrayBuffer();
      if (res.status === 401) break;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  const readyMs = Math.round(performance.now() - started);
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, signal);
    } catch {
      // already gone
    }
  };
  return {
    port,
    base,
    pid: child.pid!,
    readyMs,
    exited,
    async kill9() {
      signalGroup("SIGKILL");
      await exited;
    },
    async stop() {
      signalGroup("SIGTERM");
      const timer = setTimeout(() => signalGroup("SIGKILL"), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
