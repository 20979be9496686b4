"use server";

import { revalidatePath } from "next/cache";
import { defineAction } from "@/lib/actions/define-action";
import { deliveryReceiptAccountSchema, setDeliveryReceiptUrlSchema } from "@/lib/domain/messaging/delivery-receipt-schemas";
import { removeDeliveryReceiptUrl } from "@/lib/domain/messaging/remove-delivery-receipt-url";
import { setDeliveryReceiptUrl } from "@/lib/domain/messaging/set-delivery-receipt-url";

// the password goes in, never out: the reply says only whether one is stored
export const setDeliveryReceiptUrlAction = defineAction({
  name: "setDeliveryReceiptUrl",
  schema: setDeliveryReceiptUrlSchema,
  role: "admin",
  run: async (input, ctx) => {
    const saved = await setDeliveryReceiptUrl({ ctx, input });
    revalidatePath(`/accounts/${saved.accountId}`, "layout");
    return { accountId: saved.accountId, url: saved.url, userName: saved.userName, hasPassword: saved.hasPassword };
  },
});

export const removeDeliveryReceiptUrlAction = defineAction({
  name: "removeDeliveryReceiptUrl",
  schema: deliveryReceiptAccountSchema,
  role: "admin",
  run: async (input, ctx) => {
    const result = await removeDeliveryReceiptUrl({ ctx, input });
    revalidatePath(`/accounts/${input.accountId}`, "layout");
    return result;
  },
});
