import { sqlPool } from "@/lib/db/pool";
import { toDomainError } from "@/lib/db/errors";
import type { DomainContext } from "@/lib/domain/context";
import { DomainError } from "@/lib/domain/errors";
import type { SendMessagesInput } from "./schemas";
import { routedSendItem, sendError, sendItemJson, type SendRow } from "./send-messages";
import { queueScheduledSend } from "./dispatch";

export type ScheduledMessageQuote = {
  recipient: string;
  country: string;
  segments: number;
  pricePerSegment: bigint;
  price: bigint;
};

export type ScheduleResult = {
  batchId: string;
  scheduledAt: Date;
  createdAt: Date;
  /** the price now; the charge is the price when it goes out */
  quotedTotal: bigint;
  messages: ScheduledMessageQuote[];
  /** true when an earlier request with the same idempotency key scheduled it */
  replayed: boolean;
};

/**
 * Keeps a send for later: every check of a send happens now (numbers, texts, sender, references, the account's
 * state, a price for each destination), so a refusal is immediate; nothing is charged until it is due, when
 * messaging_send_scheduled() sends it as an ordinary send of that moment (sendDueScheduled). `scheduledAt` is
 * already checked by the surface (scheduleTimeOrNow).
 */
export async function scheduleMessages({ ctx, input, scheduledAt }: { ctx: DomainContext; input: SendMessagesInput; scheduledAt: Date }): Promise<ScheduleResult> {
  const item = await routedSendItem(ctx, input, scheduledAt);
  let rows: SendRow[];
  try {
    ({ rows } = await sqlPool().query<SendRow>("SELECT * FROM messaging_send($1::jsonb)", [JSON.stringify([sendItemJson(item, 0, scheduledAt)])]));
  } catch (err) {
    if (err instanceof DomainError) throw err;
    throw toDomainError(err, ctx.currency);
  }
  const first = rows[0];
  if (!first) throw new Error("messaging_send returned nothing for a scheduled request");
  if (first.error_code) throw sendError(first.error_code, first.error_message ?? "", item.messages, ctx.currency);
  const result: ScheduleResult = {
    batchId: first.batch_id!,
    scheduledAt: first.scheduled_at!,
    createdAt: first.created_at!,
    quotedTotal: rows.reduce((sum, r) => sum + BigInt(r.price!), 0n),
    replayed: first.replayed,
    messages: rows.map((r) => ({
      recipient: r.recipient!,
      country: r.country!,
      segments: r.segments!,
      pricePerSegment: BigInt(r.price_per_segment!),
      price: BigInt(r.price!),
    })),
  };
  if (!result.replayed) queueScheduledSend(ctx.tenantId, result.batchId, result.scheduledAt);
  return result;
}
