import { z } from "zod";

export const PRICE_SORTS = ["name", "-name", "price", "-price", "updated", "-updated"] as const;
export type PriceSort = (typeof PRICE_SORTS)[number];

/**
 * The pricing page's URL state; every field falls back to its default, so a hand-edited URL never errors.
 * No paging: a price list has at most one row per country (about 245).
 */
export const listPricesQuerySchema = z.object({
  q: z.string().trim().max(100).catch("").default(""),
  sort: z.enum(PRICE_SORTS).catch("name").default("name"),
});
export type ListPricesQuery = z.output<typeof listPricesQuerySchema>;
