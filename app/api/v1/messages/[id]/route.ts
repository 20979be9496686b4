import { nativeRoute } from "@/lib/api/native";
import { nativeMessage } from "@/lib/api/message-json";
import { getMessage } from "@/lib/domain/messaging/queries";
import { NotFoundError } from "@/lib/domain/errors";
import type { MessageDetailJson } from "@/lib/api/v1/messages";

/** One message of the key's subtree with its status history; any other id is 404. */
export const GET = nativeRoute<{ id: string }>(async ({ ctx, params }) => {
  if (!/^\d{1,18}$/.test(params.id)) throw new NotFoundError("Message not found.");
  const message = await getMessage(ctx, BigInt(params.id));
  return {
    ...nativeMessage(message, ctx.currency),
    charged_account_name: message.chargedAccountName,
    callback_url: message.callbackUrl,
    provider_id: message.providerId,
    events: message.events.map((e) => ({ status: e.status, detail: e.detail, at: e.createdAt.toISOString() })),
  } satisfies MessageDetailJson;
});
