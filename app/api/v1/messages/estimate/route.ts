import { nativeRoute, readJsonBody } from "@/lib/api/native";
import { nativeEstimate, nativeSendBodySchema, sendInputFromNative } from "@/lib/api/message-json";
import { priceMessages } from "@/lib/domain/messaging/price-messages";

/** What a send would cost, per message, with the recipients it would refuse; nothing is sent or charged. */
export const POST = nativeRoute(async ({ req, ctx }) => {
  const body = await readJsonBody(req, nativeSendBodySchema);
  return nativeEstimate(await priceMessages(ctx, sendInputFromNative(body, null)), ctx.currency);
});
