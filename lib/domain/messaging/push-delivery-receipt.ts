import { prisma } from "@/lib/db/client";
import { startQueue } from "@/lib/jobs/boss";
import { assertPublicDestination } from "./callback";
import { deliveryReceiptJobOf, RECEIPT_MAX_RETRIES, receiptRetryDelaySeconds, type DeliveryReceiptJob } from "./enqueue-delivery-receipts";
import { openReceiptPassword } from "./receipt-password";
import { deliveryReceiptRequestUrl } from "./smscentral-receipt";

/** The receiver acknowledges with HTTP 200 and the body `0` (reference-smscentral §5); a longer body is not `0`. */
async function acknowledged(response: Response): Promise<{ ok: boolean; answer: string }> {
  const reader = response.body?.getReader();
  let text = "";
  const decoder = new TextDecoder();
  while (reader && text.length <= 64) {
    const { done, value } = await reader.read();
    if (done) break;
    text += decoder.decode(value, { stream: true });
  }
  await reader?.cancel().catch(() => undefined);
  return { ok: response.status === 200 && text.trim() === "0", answer: `${response.status} ${JSON.stringify(text.trim().slice(0, 40))}` };
}

/**
 * Pushes one delivery receipt: a GET to the account's receipt URL with SMS Central's parameters, acknowledged by
 * HTTP 200 and the body `0`. Anything else (another status or body, a network error, a 10 s timeout, a private
 * address: the same guard as SMS.to's callbacks) queues the next try, up to 10 retries, 5, 10, 15 … minutes
 * apart; then the receipt is dropped with a warning. A URL removed meanwhile drops it at once. Errors name the
 * receiver's origin only: its query string may carry the password.
 */
export async function pushDeliveryReceipt(job: DeliveryReceiptJob) {
  const [target, message] = await Promise.all([
    prisma.deliveryReceiptUrl.findUnique({ where: { tenantId_accountId: { tenantId: job.tenantId, accountId: job.accountId } } }),
    prisma.message.findUnique({
      where: { tenantId_id: { tenantId: job.tenantId, id: BigInt(job.messageId) } },
      select: { id: true, recipient: true, senderId: true, body: true, reference: true, errorCode: true, errorMessage: true },
    }),
  ]);
  if (!message) return { skipped: "message not found" };
  if (!target) return { skipped: "the account has no receipt URL" };
  const url = deliveryReceiptRequestUrl(
    { url: target.url, userName: target.userName, password: target.passwordSealed === null ? null : openReceiptPassword(target.passwordSealed) },
    message,
    job.status,
  );
  let failure: string;
  try {
    await assertPublicDestination(url);
    const response = await fetch(url, { method: "GET", headers: { "user-agent": "Subledger-Receipts/1.0" }, redirect: "manual", signal: AbortSignal.timeout(10_000) });
    const { ok, answer } = await acknowledged(response);
    if (ok) return { pushed: true, attempt: job.attempt };
    failure = `answered ${answer}`;
  } catch (err) {
    failure = (err as Error).message.replaceAll(url.href, url.origin);
  }
  const retry = job.attempt + 1;
  if (retry > RECEIPT_MAX_RETRIES) {
    console.warn(`delivery receipt ${job.messageId} ${job.status} to ${url.origin} dropped after ${RECEIPT_MAX_RETRIES} retries: ${failure}`);
    return { dropped: true, failure };
  }
  const delay = receiptRetryDelaySeconds(retry);
  await (await startQueue()).insert([deliveryReceiptJobOf({ ...job, attempt: retry }, delay)]);
  return { retryInSeconds: delay, failure };
}
