import { prisma } from "@/lib/db/client";
import type { MessageStatus } from "@/lib/db/generated/enums";
import { QUEUES, startQueue } from "@/lib/jobs/boss";
import type { StatusChange } from "./delivery";

/** One receipt to push: the status a message moved to, and which try this is (0 = the first). */
export type DeliveryReceiptJob = { tenantId: number; accountId: number; messageId: string; status: MessageStatus; attempt: number };

/** SMS Central retries up to 10 times (reference-smscentral §5). */
export const RECEIPT_MAX_RETRIES = 10;

/**
 * The wait before retry `n` (1-based): n × the base, 5, 10, 15 … minutes as SMS Central spaces them.
 * DELIVERY_RECEIPT_RETRY_SECONDS sets the base (default 300); tests use 1.
 */
export function receiptRetryDelaySeconds(retry: number) {
  const base = Number(process.env.DELIVERY_RECEIPT_RETRY_SECONDS ?? 300);
  return retry * (Number.isFinite(base) && base >= 0 ? base : 300);
}

/**
 * The pg-boss job of one try. Its own retry (once, after the base delay) only covers a worker that died mid-push
 * (the job expires and runs again); a refused push schedules the next try itself (push-delivery-receipt.ts),
 * because pg-boss spaces retries evenly or doubles them, not 5, 10, 15 … minutes apart.
 */
export function deliveryReceiptJobOf(data: DeliveryReceiptJob, startAfterSeconds = 0) {
  return {
    name: QUEUES.deliveryReceipt,
    data,
    retryLimit: 1,
    retryDelay: receiptRetryDelaySeconds(1),
    expireInSeconds: 60,
    ...(startAfterSeconds > 0 ? { startAfter: new Date(Date.now() + startAfterSeconds * 1000) } : {}),
  };
}

/**
 * Queues a receipt push for each status change of a message whose account has a receipt URL (SMS Central's push,
 * whatever surface sent the message). A change to `sent` pushes BUFFRED, then `delivered` DELIVRD or `failed`
 * FAILED. One look-up per batch in the small delivery_receipt_url table; the URL itself is read when the job runs,
 * so a URL changed or removed meanwhile applies to receipts still waiting.
 */
export async function enqueueDeliveryReceipts(tenantId: number, changes: StatusChange[]) {
  if (changes.length === 0) return;
  const accountIds = [...new Set(changes.map((c) => c.accountId))];
  const withUrl = await prisma.deliveryReceiptUrl.findMany({ where: { tenantId, accountId: { in: accountIds } }, select: { accountId: true } });
  if (withUrl.length === 0) return;
  const accounts = new Set(withUrl.map((r) => r.accountId));
  const jobs = changes
    .filter((c) => accounts.has(c.accountId) && c.newStatus !== "queued")
    .map((c) => deliveryReceiptJobOf({ tenantId, accountId: c.accountId, messageId: c.messageId.toString(), status: c.newStatus, attempt: 0 }));
  if (jobs.length > 0) await (await startQueue()).insert(jobs);
}
