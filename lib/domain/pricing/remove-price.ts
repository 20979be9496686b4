import { withTransaction } from "@/lib/db/transaction";
import { roleAllows, type DomainContext } from "@/lib/domain/context";
import { ForbiddenError, NotFoundError } from "@/lib/domain/errors";
import { countryName } from "./countries";
import { getPriceListOwner } from "./internal";
import { removePriceSchema, type RemovePriceInput } from "./schemas";

/**
 * Takes a destination off the tenant's price list: nobody in the tenant can send there any more. The accounts'
 * own prices for it go too, in the same transaction: at send time an override wins over a missing list price
 * (effectivePrices), so a reseller's override would otherwise keep open a destination the master closed.
 * setAccountPrice holds the list row FOR SHARE, so an override written concurrently is either seen here or
 * refused there.
 */
export async function removePrice({ ctx, input }: { ctx: DomainContext; input: RemovePriceInput }) {
  if (!roleAllows(ctx.role, "owner")) throw new ForbiddenError("Only owners can change prices.");
  const data = removePriceSchema.parse(input);
  return withTransaction(ctx, async (tx) => {
    await getPriceListOwner(tx, ctx, data.accountId);
    const removed = await tx.price.deleteMany({ where: { tenantId: ctx.tenantId, country: data.country } });
    if (removed.count === 0) throw new NotFoundError(`${countryName(data.country)} is not on the price list.`);
    const overrides = await tx.accountPrice.deleteMany({ where: { tenantId: ctx.tenantId, country: data.country } });
    return { country: data.country, overridesRemoved: overrides.count };
  });
}
