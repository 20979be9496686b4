import PgBoss from "pg-boss";

/** Every queue the app uses; created at start (pg-boss 10 refuses jobs for a queue that does not exist). */
export const QUEUES = {
  messageSubmit: "message-submit",
  sandboxReceipts: "sandbox-receipts",
  messageCallback: "message-callback",
  deliveryReceipt: "delivery-receipt",
  messageSweep: "message-sweep",
  scheduledSend: "scheduled-send",
} as const;

const globalForJobs = globalThis as unknown as { subledgerBoss?: Promise<PgBoss> };

/**
 * The PostgreSQL-backed job queue (pg-boss), started once per process. Work that leaves the database
 * (delivery, callbacks, mail) goes through it after the commit, so an instance that dies loses nothing:
 * another one picks the job up.
 */
export function startQueue(): Promise<PgBoss> {
  if (globalForJobs.subledgerBoss) return globalForJobs.subledgerBoss;
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is not set");
  globalForJobs.subledgerBoss = (async () => {
    const boss = new PgBoss({ connectionString: url, schema: "pgboss", max: 4, application_name: "subledger-jobs" });
    // 57P01: PostgreSQL is shutting down (the dev launcher's Ctrl-C, tests); pg-boss reconnects otherwise
    boss.on("error", (err: Error & { code?: string }) => {
      if (err.code !== "57P01") console.error("job queue:", err.message);
    });
    await boss.start();
    for (const name of Object.values(QUEUES)) await boss.createQueue(name);
    return boss;
  })();
  globalForJobs.subledgerBoss.catch(() => {
    globalForJobs.subledgerBoss = undefined;
  });
  return globalForJobs.subledgerBoss;
}

/** The queue if this process started it (the app's instrumentation does; scripts and db tests do not). */
export function runningQueue(): Promise<PgBoss> | undefined {
  return globalForJobs.subledgerBoss;
}

export async function stopQueue() {
  await (await import("@/lib/domain/carriers/supervisor")).stopCarriers();
  const { unlistenAll } = await import("./listen");
  await unlistenAll();
  (await import("./search-indexer")).stopSearchIndexer();
  const running = globalForJobs.subledgerBoss;
  globalForJobs.subledgerBoss = undefined;
  if (running) await (await running).stop({ graceful: true, wait: true, timeout: 5_000 });
}
