import { withTransaction } from "@/lib/db/transaction";
import { ConflictError } from "@/lib/domain/errors";
import { DEFAULT_PRICES } from "@/lib/domain/messaging/default-prices";
import type { OperatorContext } from "@/lib/domain/platform/operator-context";
import { recordOperatorAudit } from "@/lib/domain/platform/record-operator-audit";
import { startDefaultPricesSchema } from "./schemas";

/**
 * Starts a currency's default list from the built-in one (the list a new tenant in a currency without a default
 * list gets), so that the operators edit it from there. Refused once the currency has a list.
 */
export async function startDefaultPrices({ ctx, input }: { ctx: OperatorContext; input: { currency: string } }) {
  const { currency } = startDefaultPricesSchema.parse(input);
  return withTransaction(ctx, async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('default_price'), hashtext(${currency}))`;
    if (await tx.defaultPrice.count({ where: { currency } })) throw new ConflictError("already_started", `The default ${currency} list already exists.`);
    await tx.defaultPrice.createMany({ data: DEFAULT_PRICES.map((p) => ({ currency, country: p.country, pricePerSegment: p.pricePerSegment })) });
    await recordOperatorAudit(tx, ctx, { action: "default_prices_started", detail: `${DEFAULT_PRICES.length} countries from the built-in list, ${currency}` });
    return { currency, countries: DEFAULT_PRICES.length };
  });
}
