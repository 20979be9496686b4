// Every route handler and server action of the app, found on the file system, so that the security suite
// covers a route or an action the day it is added (and fails until someone says how it is to be checked).
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

const ROOT = path.resolve(import.meta.dirname, "../..");
const APP = path.join(ROOT, "app");

export const ROUTE_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;
export type RouteMethod = (typeof ROUTE_METHODS)[number];

export type RouteHandlerFn = (req: Request, context?: { params: Promise<Record<string, string | string[]>> }) => Promise<Response>;

/** One exported method of one route file: `POST /api/v1/accounts/[id]/credit`. */
export type RouteEntry = {
  /** "METHOD /pattern", the key the suite's tables use */
  id: string;
  method: RouteMethod;
  /** the URL path with its dynamic segments as written in the folder names, route groups dropped */
  pattern: string;
  file: string;
  handler: RouteHandlerFn;
};

export type ActionFn = (...args: unknown[]) => Promise<unknown>;
export type ActionEntry = { name: string; file: string; action: ActionFn };

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return filesUnder(full);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

const relative = (file: string) => path.relative(ROOT, file).split(path.sep).join("/");

/** The URL pattern of a route file: `app/(dashboard)/accounts/[accountId]/ledger/export/route.ts` → `/accounts/[accountId]/ledger/export`. */
export function patternOf(file: string) {
  const segments = path.relative(APP, path.dirname(file)).split(path.sep).filter((s) => s && !/^\(.*\)$/.test(s));
  return `/${segments.join("/")}`;
}

/** Every `route.ts` under app/, imported, one entry per exported HTTP method. */
export async function routeInventory(): Promise<RouteEntry[]> {
  const files = filesUnder(APP).filter((f) => path.basename(f) === "route.ts").sort();
  const entries: RouteEntry[] = [];
  for (const file of files) {
    const mod = (await import(/* @vite-ignore */ file)) as Record<string, unknown>;
    for (const method of ROUTE_METHODS) {
      const handler = mod[method];
      if (typeof handler === "function") {
        const pattern = patternOf(file);
        entries.push({ id: `${method} ${pattern}`, method, pattern, file: relative(file), handler: handler as RouteHandlerFn });
      }
    }
  }
  return entries;
}

/** Every exported function of every `"use server"` file under app/: each is a public endpoint. */
export async function actionInventory(): Promise<ActionEntry[]> {
  const files = filesUnder(APP).filter((f) => /^\s*["']use server["']/.test(readFileSync(f, "utf8"))).sort();
  const entries: ActionEntry[] = [];
  for (const file of files) {
    const mod = (await import(/* @vite-ignore */ file)) as Record<string, unknown>;
    for (const [name, value] of Object.entries(mod)) {
      if (typeof value === "function") entries.push({ name, file: relative(file), action: value as ActionFn });
    }
  }
  return entries;
}
