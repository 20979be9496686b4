import { smstoRoute } from "@/lib/api/smsto";
import { smstoMessage } from "@/lib/api/message-json";
import { getMessage } from "@/lib/domain/messaging/queries";
import { NotFoundError } from "@/lib/domain/errors";

/** SMS.to's GET /message/{id}: one message of the key's subtree, with `status`, `updated_at` and `failed_reason`. */
export const GET = smstoRoute<{ id: string }>(async ({ ctx, params }) => {
  if (!/^\d{1,18}$/.test(params.id)) throw new NotFoundError("Message not found.");
  return { success: true, ...smstoMessage(await getMessage(ctx, BigInt(params.id))) };
});
