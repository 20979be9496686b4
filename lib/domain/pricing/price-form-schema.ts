import { z } from "zod";
import { microToDecimalString, parseMoney } from "@/lib/money";

/**
 * The most one segment may cost, in micro-units (10 units of the tenant currency). Real list prices are cents;
 * the cap catches a price typed in the wrong unit ("75" for 0.075) before every message costs a fortune.
 */
export const MAX_PRICE_PER_SEGMENT = 10_000_000n;

/** Why a price per segment is refused, or null. Shared by the form and the server so both say the same. */
function pricePerSegmentProblem(micro: bigint): string | null {
  if (micro <= 0n) return "The price must be positive.";
  if (micro > MAX_PRICE_PER_SEGMENT) return `The price can be at most ${microToDecimalString(MAX_PRICE_PER_SEGMENT)} per segment.`;
  return null;
}

/** A decimal string ("0.075") or micro-units already (bigint), into micro-units per segment; never a float. */
export const pricePerSegmentSchema = z.union([z.string(), z.bigint()]).transform((value, ctx) => {
  let micro: bigint;
  if (typeof value === "bigint") {
    micro = value;
  } else {
    const parsed = parseMoney(value);
    if (!parsed.ok) {
      // parseMoney speaks of amounts; the same rules, worded for a price
      const message = parsed.error.startsWith("Enter an amount") ? "Enter a price such as 0.075." : parsed.error.replace("amount", "price");
      ctx.addIssue({ code: "custom", message });
      return z.NEVER;
    }
    micro = parsed.micro;
  }
  const problem = pricePerSegmentProblem(micro);
  if (problem) {
    ctx.addIssue({ code: "custom", message: problem });
    return z.NEVER;
  }
  return micro;
});

/**
 * What the price dialog submits, checked in the browser with the server's rules. It does not load
 * libphonenumber's metadata: the country comes from a list the server made, and the server checks it again.
 */
export const priceFormSchema = z.object({
  country: z.string().regex(/^[A-Z]{2}$/, "Choose a country."),
  pricePerSegment: z.string().superRefine((value, ctx) => {
    const parsed = pricePerSegmentSchema.safeParse(value);
    if (!parsed.success) ctx.addIssue({ code: "custom", message: parsed.error.issues[0]?.message ?? "Enter a price." });
  }),
});
export type PriceFormValues = z.infer<typeof priceFormSchema>;

/**
 * How far below `list` a typed price is, in whole percent (rounded down), when it is more than half off; null
 * otherwise or when the text is no price. The form asks a second yes before saving such a price.
 */
export function percentFarBelow(priceText: string, list: bigint): number | null {
  const typed = parseMoney(priceText);
  if (!typed.ok || list <= 0n || typed.micro * 2n >= list) return null;
  return Number(((list - typed.micro) * 100n) / list);
}
