import type { ActionResult } from "@/lib/actions/define-action";

/** What the pricing actions return: the stored price, its bigint as a string. */
export type PriceDto = { country: string; pricePerSegment: string };

export type SetPriceAction = (input: { accountId: number; country: string; pricePerSegment: string }) => Promise<ActionResult<PriceDto>>;
export type RemovePriceAction = (input: { accountId: number; country: string }) => Promise<ActionResult<unknown>>;
