import { laravelPage, smstoRoute } from "@/lib/api/smsto";
import { smstoMessage } from "@/lib/api/message-json";
import { listMessages } from "@/lib/domain/messaging/queries";
import { listMessagesQuerySchema } from "@/lib/domain/messaging/list-messages-schema";

const day = (value: string | null) => value?.slice(0, 10);

/**
 * SMS.to's GET /messages (and /v2/messages): a Laravel paginator of the key's messages and its subtree's.
 * Query: limit (15), page, order_direction, status, to, created_at_from, created_at_to (the Python client's
 * create_at_* spelling too).
 */
export const GET = smstoRoute(async ({ req, ctx }) => {
  const url = new URL(req.url);
  const params = url.searchParams;
  const limit = Math.min(Math.max(Number(params.get("limit")) || 15, 1), 100);
  const query = listMessagesQuerySchema.parse({
    page: params.get("page") ?? undefined,
    status: params.get("status")?.toLowerCase(),
    recipient: params.get("to") ?? undefined,
    from: day(params.get("created_at_from") ?? params.get("create_at_from")),
    to: day(params.get("created_at_to") ?? params.get("create_at_to")),
    sort: params.get("order_direction")?.toLowerCase() === "asc" ? "oldest" : "newest",
  });
  const page = await listMessages(ctx, ctx.accountId, { ...query, pageSize: limit });
  return laravelPage(url, { ...page, rows: page.rows.map(smstoMessage), pageSize: limit });
});
