"use server";

import { revalidatePath } from "next/cache";
import { defineAction } from "@/lib/actions/define-action";
import { cancelScheduledSend } from "@/lib/domain/messaging/cancel-scheduled-send";
import { cancelScheduledSchema } from "@/lib/domain/messaging/schemas";

/** The log's Cancel button: the viewed account is authorized, the verb checks the send is in its subtree. */
export const cancelScheduledSendAction = defineAction({
  name: "cancelScheduledSend",
  schema: cancelScheduledSchema,
  role: "owner",
  run: async ({ batchId }, ctx) => {
    const cancelled = await cancelScheduledSend({ ctx, batchId });
    revalidatePath("/accounts/[accountId]/messages", "page");
    return cancelled;
  },
});
