import { z } from "zod";
import { nativeRoute } from "@/lib/api/native";
import { nativeScheduledSend } from "@/lib/api/message-json";
import { idQuerySchema } from "@/lib/api/v1/common";
import { scheduledSendStatusSchema, type ScheduledSendPageJson } from "@/lib/api/v1/messages";
import { listScheduledSends } from "@/lib/domain/messaging/scheduled-queries";

const querySchema = z.object({
  account_id: idQuerySchema.optional(),
  member_id: idQuerySchema.optional(),
  scope: z.enum(["account", "subtree"]).catch("subtree"),
  status: scheduledSendStatusSchema.optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
  page_size: z.coerce.number().int().min(1).max(100).catch(25),
});

/** The scheduled sends of the key's account and its subtree (or `account_id`, one account below it). */
export const GET = nativeRoute(async ({ req, ctx }) => {
  const params = new URL(req.url).searchParams;
  const query = querySchema.parse({
    account_id: params.get("account_id") || undefined,
    member_id: params.get("member_id") || undefined,
    scope: params.get("scope") ?? undefined,
    status: params.get("status") || undefined,
    page: params.get("page") ?? undefined,
    page_size: params.get("page_size") ?? undefined,
  });
  const list = await listScheduledSends(ctx, query.account_id ?? ctx.accountId, {
    scope: query.scope,
    member: query.member_id,
    status: query.status,
    page: query.page,
    pageSize: query.page_size,
  });
  return {
    data: list.rows.map((r) => nativeScheduledSend(r, ctx.currency)),
    page: list.page,
    page_size: list.pageSize,
    total: list.total,
    waiting: list.waiting,
  } satisfies ScheduledSendPageJson;
});
