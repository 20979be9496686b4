import { nativeRoute } from "@/lib/api/native";
import { nativeScheduledSendDetail } from "@/lib/api/message-json";
import { getScheduledSend } from "@/lib/domain/messaging/scheduled-queries";

/** One scheduled send of the key's subtree with its messages; any other id is 404. */
export const GET = nativeRoute<{ batchId: string }>(async ({ ctx, params }) =>
  nativeScheduledSendDetail(await getScheduledSend(ctx, params.batchId), ctx.currency),
);
