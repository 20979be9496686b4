import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/client.ts";

export type { Prisma } from "./generated/client.ts";

export function createPrismaClient(url = process.env.DATABASE_URL) {
  if (!url) throw new Error("DATABASE_URL is not set: start the app with `npm run dev`, or set it to a PostgreSQL URL.");
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: url, max: Number(process.env.DB_POOL_SIZE ?? 10) }) });
}

const globalForPrisma = globalThis as unknown as { subledgerPrisma?: PrismaClient };

// Lazy, so that importing this module needs no DATABASE_URL (`next build` imports pages to collect their
// config), and one client per process, surviving dev hot reloads.
export const prisma = new Proxy({} as PrismaClient, {
  get(_target, prop) {
    const client = (globalForPrisma.subledgerPrisma ??= createPrismaClient());
    const value = Reflect.get(client, prop);
    return typeof value === "function" ? value.bind(client) : value;
  },
});

export type DbClient = PrismaClient | Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];
