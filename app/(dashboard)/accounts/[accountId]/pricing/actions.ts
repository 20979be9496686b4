"use server";

import { revalidatePath } from "next/cache";
import { defineAction } from "@/lib/actions/define-action";
import { removeAccountPrice } from "@/lib/domain/pricing/remove-account-price";
import { removeAccountPriceSchema, setAccountPriceSchema } from "@/lib/domain/pricing/schemas";
import { setAccountPrice } from "@/lib/domain/pricing/set-account-price";

// A price reaches every account below the one it is set on, so every pricing page may show something new. The
// tenant's own list is the platform's: its operators set it (app/operator).
const revalidatePricing = () => revalidatePath("/accounts/[accountId]/pricing", "page");

/** Gives `accountId` (and its subtree) its own price for a country. */
export const setAccountPriceAction = defineAction({
  name: "setAccountPrice",
  schema: setAccountPriceSchema,
  role: "owner",
  run: async (input, ctx) => {
    const price = await setAccountPrice({ ctx, input });
    revalidatePricing();
    return { country: price.country, pricePerSegment: price.pricePerSegment.toString() };
  },
});

export const removeAccountPriceAction = defineAction({
  name: "removeAccountPrice",
  schema: removeAccountPriceSchema,
  role: "owner",
  run: async (input, ctx) => {
    const removed = await removeAccountPrice({ ctx, input });
    revalidatePricing();
    return removed;
  },
});
