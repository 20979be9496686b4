import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

/** A secret for local runs: the environment's if set, else one generated once and kept in .data/<file>. */
function localSecret(name: string, file: string) {
  if (process.env[name]) return process.env[name]!;
  const where = path.resolve(".data", file);
  if (!fs.existsSync(where)) {
    fs.mkdirSync(path.dirname(where), { recursive: true });
    fs.writeFileSync(where, randomBytes(32).toString("base64url"), { mode: 0o600 });
  }
  return fs.readFileSync(where, "utf8").trim();
}

/** AUTH_SECRET for local runs. */
export const localAuthSecret = () => localSecret("AUTH_SECRET", "auth-secret");

/** CARRIER_SECRET_KEY for local runs: it seals the demo carrier's password in the dev database. */
export const localCarrierKey = () => localSecret("CARRIER_SECRET_KEY", "carrier-secret-key");

export async function waitForHttp(url: string, timeoutMs: number, isAlive: () => boolean) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isAlive()) throw new Error("the app exited while starting");
    try {
      const res = await fetch(url, { redirect: "manual" });
      if (res.status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000} s`);
}
