import { prisma, type DbClient } from "./client";
import { isRetryable } from "./errors";

const MAX_ATTEMPTS = 4;

/**
 * Runs `fn` in one database transaction, or inside the caller's (`ctx.tx`) so that composed verbs commit or
 * roll back together. A serialization failure or deadlock (40001/40P01) retries the whole transaction a
 * bounded number of times, with a short jittered pause so that the racers do not collide again.
 */
export async function withTransaction<T>(ctx: { tx?: DbClient }, fn: (tx: DbClient) => Promise<T>): Promise<T> {
  if (ctx.tx) return fn(ctx.tx);
  return withRetry(() => prisma.$transaction((tx) => fn(tx), { timeout: 15_000, maxWait: 10_000 }));
}

export async function withRetry<T>(run: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (err) {
      if (attempt >= MAX_ATTEMPTS || !isRetryable(err)) throw err;
      await new Promise((r) => setTimeout(r, Math.random() * 10 * attempt));
    }
  }
}

export const dbOf = (ctx: { tx?: DbClient }): DbClient => ctx.tx ?? prisma;
