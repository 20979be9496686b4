import { prisma } from "@/lib/db/client";
import { deleteIdleRateCounts } from "@/lib/domain/api-keys/delete-idle-rate-counts";
import { deleteEndedSignInWindows } from "@/lib/domain/users/sign-in-throttle";
import { applyReceipts, submitQueuedMessages } from "@/lib/domain/messaging/delivery";
import { deliverCallback } from "@/lib/domain/messaging/callback";
import type { CallbackJob, ScheduledSendJob, SubmitJob } from "@/lib/domain/messaging/dispatch";
import type { DeliveryReceiptJob } from "@/lib/domain/messaging/enqueue-delivery-receipts";
import { pushDeliveryReceipt } from "@/lib/domain/messaging/push-delivery-receipt";
import { sendDueScheduled, sweepDueScheduledSends } from "@/lib/domain/messaging/send-due-scheduled";
import type { SandboxReceiptsJob } from "@/lib/domain/messaging/drivers/sandbox";
import { flushOutbox } from "@/lib/domain/notifications/flush-outbox";
import { QUEUES, startQueue } from "./boss";
import { listen } from "./listen";
import { startSearchIndexer } from "./search-indexer";

/** A message still queued this long after its send lost its submit job (a crash between commit and queue). */
const STALE_AFTER_SECONDS = 30;

/** Hands over messages that never reached the carrier; returns how many. */
export async function sweepQueuedMessages({ olderThanSeconds = STALE_AFTER_SECONDS } = {}) {
  const stale = await prisma.$queryRaw<{ tenant_id: number; ids: bigint[] }[]>`
    SELECT tenant_id, array_agg(id ORDER BY id) AS ids FROM (
      SELECT tenant_id, id FROM message
      WHERE status = 'queued' AND created_at < now() - make_interval(secs => ${olderThanSeconds})
        -- a carrier's queue holds its own (its owner's leases hand them over once)
        AND NOT EXISTS (SELECT 1 FROM carrier_queue q WHERE q.tenant_id = message.tenant_id AND q.message_id = message.id)
      ORDER BY created_at LIMIT 5000) q
    GROUP BY tenant_id`;
  let submitted = 0;
  for (const { tenant_id, ids } of stale) submitted += (await submitQueuedMessages(tenant_id, ids)).submitted;
  return submitted;
}

/**
 * Registers this instance's workers. Every instance runs them; pg-boss hands each job to one of them, and a
 * job whose worker died is retried by another.
 */
export async function startWorkers() {
  const boss = await startQueue();
  await boss.work<SubmitJob>(QUEUES.messageSubmit, { batchSize: 20, pollingIntervalSeconds: 0.5 }, async (jobs) => {
    for (const job of jobs) await submitQueuedMessages(job.data.tenantId, job.data.messageIds.map(BigInt));
  });
  await boss.work<SandboxReceiptsJob>(QUEUES.sandboxReceipts, { batchSize: 20, pollingIntervalSeconds: 0.5 }, async (jobs) => {
    for (const job of jobs) {
      await applyReceipts(
        job.data.tenantId,
        job.data.receipts.map((r) => ({ ...r, messageId: BigInt(r.messageId) })),
      );
    }
  });
  await boss.work<CallbackJob>(QUEUES.messageCallback, { batchSize: 1, pollingIntervalSeconds: 1 }, async ([job]) => {
    await deliverCallback(job.data);
  });
  // SMS Central's receipt push: a refused one queues its own next try (5, 10, 15 … minutes), so this never throws for it
  await boss.work<DeliveryReceiptJob>(QUEUES.deliveryReceipt, { batchSize: 1, pollingIntervalSeconds: 1 }, async ([job]) => pushDeliveryReceipt(job.data));
  // a scheduled send goes out at its time: pg-boss starts the job then, and polls twice a second
  await boss.work<ScheduledSendJob>(QUEUES.scheduledSend, { batchSize: 10, pollingIntervalSeconds: 0.5 }, async (jobs) => {
    for (const job of jobs) await sendDueScheduled(job.data.tenantId, job.data.batchId);
  });
  await boss.work(QUEUES.messageSweep, async () => {
    // scheduled sends whose job was lost (queued while the queue was down); a restart's own jobs still run
    const due = await sweepDueScheduledSends();
    if (due > 0) console.warn(`scheduled-send sweeper: sent ${due} overdue scheduled request(s)`);
    const submitted = await sweepQueuedMessages();
    if (submitted > 0) console.warn(`delivery sweeper: handed ${submitted} stale queued message(s) to the carrier`);
    // and any mail a crash left in the outbox
    await flushOutbox();
    // and the rate-limit counters of keys no longer in use
    await deleteIdleRateCounts();
    // and the failed sign-in counters of windows that have ended
    await deleteEndedSignInWindows();
  });
  await boss.schedule(QUEUES.messageSweep, "* * * * *");
  // the carrier connections: one instance owns each (its advisory lock), binds it and works its queue
  if (process.env.SUBLEDGER_CARRIERS !== "off") {
    const { startCarrierSupervisor, stopCarriers } = await import("@/lib/domain/carriers/supervisor");
    await startCarrierSupervisor();
    // binds unbind cleanly when the server stops (next start closes its server meanwhile, then exits)
    for (const signal of ["SIGTERM", "SIGINT"] as const) process.once(signal, () => void stopCarriers());
  }
  // the message log's search index, after commit (SUBLEDGER_SEARCH_INDEXER=off prices it in the send bench)
  if (process.env.SUBLEDGER_SEARCH_INDEXER !== "off") startSearchIndexer();
  // the ledger NOTIFYs when a commit left mail in the outbox; every instance hears it, SKIP LOCKED shares the rows
  await listen("subledger_outbox", debounce(() => flushOutbox().catch((err) => console.error("outbox:", (err as Error).message)), 100));
  return boss;
}

function debounce(fn: () => unknown, ms: number) {
  let timer: NodeJS.Timeout | null = null;
  return () => {
    timer ??= setTimeout(() => {
      timer = null;
      fn();
    }, ms);
  };
}
