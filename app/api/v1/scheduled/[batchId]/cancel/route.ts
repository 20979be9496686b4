import { nativeRoute } from "@/lib/api/native";
import { nativeScheduledSendDetail } from "@/lib/api/message-json";
import { cancelScheduledSend } from "@/lib/domain/messaging/cancel-scheduled-send";
import { getScheduledSend } from "@/lib/domain/messaging/scheduled-queries";

/** Cancels a scheduled send of the key's subtree that is still waiting; nothing was charged, so nothing moves. */
export const POST = nativeRoute<{ batchId: string }>(async ({ ctx, params }) => {
  await cancelScheduledSend({ ctx, batchId: params.batchId });
  return nativeScheduledSendDetail(await getScheduledSend(ctx, params.batchId), ctx.currency);
});
