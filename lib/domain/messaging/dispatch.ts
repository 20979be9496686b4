import { QUEUES, startQueue } from "@/lib/jobs/boss";
import type { StatusChange } from "./delivery";

export type SubmitJob = { tenantId: number; messageIds: string[] };
export type ScheduledSendJob = { tenantId: number; batchId: string };
export type CallbackJob = {
  tenantId: number;
  messageId: string;
  status: string;
  recipient: string;
  segments: number;
  price: string;
  callbackUrl: string;
  at: string;
};

// a job per 100 ms, not per send: each job costs the queue and the worker several round trips
const COALESCE_MS = 100;
const pending = new Map<number, bigint[]>();
let timer: NodeJS.Timeout | null = null;

/**
 * Queues freshly sent messages for the carrier. Sends arriving within a few milliseconds share one job (a
 * send is acknowledged before this runs, so the job queue stays off the hot path). If the job cannot be
 * queued, the messages stay queued and the sweeper (workers.ts) hands them over a little later.
 */
export function afterSend(tenantId: number, messageIds: bigint[]) {
  const list = pending.get(tenantId);
  if (list) list.push(...messageIds);
  else pending.set(tenantId, [...messageIds]);
  timer ??= setTimeout(flush, COALESCE_MS);
}

function flush() {
  timer = null;
  const jobs = [...pending.entries()].map(([tenantId, ids]) => ({ tenantId, messageIds: ids.map(String) }) satisfies SubmitJob);
  pending.clear();
  void startQueue()
    .then((boss) => boss.insert(jobs.map((data) => ({ name: QUEUES.messageSubmit, data, retryLimit: 5 }))))
    .catch((err) => console.error("could not queue messages for delivery; the sweeper will:", (err as Error).message));
}

/**
 * Queues the job that sends a scheduled request at its time (pg-boss keeps it across restarts). If it cannot be
 * queued, the sweeper sends the request once it is overdue (workers.ts), so nothing is lost, only late.
 */
export function queueScheduledSend(tenantId: number, batchId: string, at: Date) {
  void startQueue()
    .then((boss) => boss.send(QUEUES.scheduledSend, { tenantId, batchId } satisfies ScheduledSendJob, { startAfter: at, retryLimit: 10, retryDelay: 5 }))
    .catch((err) => console.error("could not queue a scheduled send; the sweeper will send it when due:", (err as Error).message));
}

/** Queues a delivery callback for each change of a message that asked for one (SMS.to's callback_url). */
export async function enqueueCallbacks(tenantId: number, changes: StatusChange[]) {
  const jobs = changes
    .filter((c) => c.callbackUrl)
    .map((c) => ({
      name: QUEUES.messageCallback,
      data: {
        tenantId,
        messageId: c.messageId.toString(),
        status: c.newStatus,
        recipient: c.recipient,
        segments: c.segments,
        price: c.price.toString(),
        callbackUrl: c.callbackUrl!,
        at: new Date().toISOString(),
      } satisfies CallbackJob,
      // SMS.to retries every 15 minutes for 48 hours
      retryLimit: 192,
      retryDelay: Number(process.env.CALLBACK_RETRY_DELAY_SECONDS ?? 900),
    }));
  if (jobs.length === 0) return;
  await (await startQueue()).insert(jobs);
}
