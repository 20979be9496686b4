"use server";

import { revalidatePath } from "next/cache";
import { defineAction } from "@/lib/actions/define-action";
import { removeAccountPrice } from "@/lib/domain/pricing/remove-account-price";
import { removePrice } from "@/lib/domain/pricing/remove-price";
import { removeAccountPriceSchema, removePriceSchema, setAccountPriceSchema, setPriceSchema } from "@/lib/domain/pricing/schemas";
import { setAccountPrice } from "@/lib/domain/pricing/set-account-price";
import { setPrice } from "@/lib/domain/pricing/set-price";

// A price reaches every account below the one it is set on, so every pricing page may show something new.
const revalidatePricing = () => revalidatePath("/accounts/[accountId]/pricing", "page");

/** Adds a country to the tenant's price list or changes its price; `accountId` is the master. */
export const setPriceAction = defineAction({
  name: "setPrice",
  schema: setPriceSchema,
  role: "owner",
  run: async (input, ctx) => {
    const price = await setPrice({ ctx, input });
    revalidatePricing();
    return { country: price.country, pricePerSegment: price.pricePerSegment.toString() };
  },
});

export const removePriceAction = defineAction({
  name: "removePrice",
  schema: removePriceSchema,
  role: "owner",
  run: async (input, ctx) => {
    const removed = await removePrice({ ctx, input });
    revalidatePricing();
    return removed;
  },
});

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
