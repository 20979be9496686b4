import { z } from "zod";
import { idempotencyKeyFromRequest, nativeRoute, readJsonBody } from "@/lib/api/native";
import { jsonResponse } from "@/lib/api/json";
import { nativeMessage, nativeScheduledSendDetail, nativeSendBodySchema, nativeSendResult, nativeSentMessage, sendInputFromNative } from "@/lib/api/message-json";
import { sendMessages } from "@/lib/domain/messaging/send-messages";
import { scheduleMessages } from "@/lib/domain/messaging/schedule-messages";
import { scheduleTimeOrNow } from "@/lib/domain/messaging/schedule-time";
import { getScheduledSend } from "@/lib/domain/messaging/scheduled-queries";
import { listMessages } from "@/lib/domain/messaging/queries";
import { listMessagesQuerySchema } from "@/lib/domain/messaging/list-messages-schema";
import type { MessagePageJson } from "@/lib/api/v1/messages";
import { idQuerySchema } from "@/lib/api/v1/common";

const accountIdQuerySchema = z.object({ account_id: idQuerySchema.optional() });

/**
 * Sends from the key's account: `to` as one number answers with the message, a list or `messages` with the batch;
 * with a future `scheduled_at`, 202 and the scheduled send.
 */
export const POST = nativeRoute(async ({ req, ctx }) => {
  const body = await readJsonBody(req, nativeSendBodySchema);
  const input = sendInputFromNative(body, idempotencyKeyFromRequest(req));
  const scheduledAt = body.scheduled_at ? scheduleTimeOrNow(new Date(body.scheduled_at), "scheduled_at") : null;
  if (scheduledAt) {
    const scheduled = await scheduleMessages({ ctx, input, scheduledAt });
    const detail = await getScheduledSend(ctx, scheduled.batchId);
    return jsonResponse(nativeScheduledSendDetail(detail, ctx.currency), { status: 202, headers: scheduled.replayed ? { "idempotent-replayed": "true" } : undefined });
  }
  const result = await sendMessages({ ctx, input });
  const isSingle = "to" in body && !Array.isArray(body.to);
  const payload = isSingle ? nativeSentMessage(result.messages[0], result, ctx.currency) : nativeSendResult(result, ctx.currency);
  return jsonResponse(payload, { status: 201, headers: result.replayed ? { "idempotent-replayed": "true" } : undefined });
});

/** The message log of the key's account and its subtree (or `account_id`, one account below it), newest first. */
export const GET = nativeRoute(async ({ req, ctx }) => {
  const params = new URL(req.url).searchParams;
  const query = listMessagesQuerySchema.parse({
    page: params.get("page") ?? undefined,
    member: params.get("member_id") ?? undefined,
    scope: params.get("scope") ?? undefined,
    status: params.get("status") ?? undefined,
    from: params.get("from") ?? undefined,
    to: params.get("to") ?? undefined,
    recipient: params.get("recipient") ?? undefined,
    sender: params.get("sender_id") ?? undefined,
    q: params.get("q") ?? undefined,
    campaign: params.get("campaign") ?? undefined,
    reference: params.get("reference") ?? undefined,
    sort: params.get("sort") ?? undefined,
  });
  const pageSize = Math.min(Math.max(Number(params.get("page_size")) || 25, 1), 100);
  // parsed, not Number(): a fraction or an id past the column reached the query and failed there (a 500)
  const accountId = accountIdQuerySchema.parse({ account_id: params.get("account_id") || undefined }).account_id ?? ctx.accountId;
  const page = await listMessages(ctx, accountId, { ...query, pageSize });
  return {
    data: page.rows.map((m) => nativeMessage(m, ctx.currency)),
    page: page.page,
    page_size: page.pageSize,
    total: page.total,
    total_is_capped: page.totalIsCapped,
  } satisfies MessagePageJson;
});
