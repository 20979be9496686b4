import { withTransaction } from "@/lib/db/transaction";
import type { OperatorContext } from "@/lib/domain/platform/operator-context";
import { recordOperatorAudit } from "@/lib/domain/platform/record-operator-audit";
import { countryName } from "./countries";
import { setDefaultPriceSchema, type SetDefaultPriceInput } from "./schemas";

/** Adds or changes a destination on the operators' default list for new tenants in one currency. */
export async function setDefaultPrice({ ctx, input }: { ctx: OperatorContext; input: SetDefaultPriceInput }) {
  const data = setDefaultPriceSchema.parse(input);
  return withTransaction(ctx, async (tx) => {
    const key = { currency_country: { currency: data.currency, country: data.country } };
    const before = await tx.defaultPrice.findUnique({ where: key, select: { pricePerSegment: true } });
    const price = await tx.defaultPrice.upsert({
      where: key,
      create: { currency: data.currency, country: data.country, pricePerSegment: data.pricePerSegment },
      update: { pricePerSegment: data.pricePerSegment },
    });
    if (before?.pricePerSegment !== price.pricePerSegment) {
      await recordOperatorAudit(tx, ctx, {
        action: "default_price_set",
        before: before ? { price_per_segment: before.pricePerSegment.toString() } : null,
        after: { price_per_segment: price.pricePerSegment.toString() },
        detail: `${countryName(data.country)} (${data.country}), default ${data.currency} list`,
      });
    }
    return price;
  });
}
