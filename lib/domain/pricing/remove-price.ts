import { withTransaction } from "@/lib/db/transaction";
import { roleAllows, type DomainContext } from "@/lib/domain/context";
import { ForbiddenError, NotFoundError } from "@/lib/domain/errors";
import { countryName } from "./countries";
import { recordAudit } from "@/lib/domain/audit/record-audit";
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
    const master = await getPriceListOwner(tx, ctx, data.accountId);
    const [removed] = await tx.$queryRaw<{ pricePerSegment: bigint }[]>`
      DELETE FROM price WHERE tenant_id = ${ctx.tenantId} AND country = ${data.country} RETURNING price_per_segment AS "pricePerSegment"`;
    if (!removed) throw new NotFoundError(`${countryName(data.country)} is not on the price list.`);
    const overrides = await tx.accountPrice.deleteMany({ where: { tenantId: ctx.tenantId, country: data.country } });
    await recordAudit(tx, ctx, {
      action: "price_removed",
      accountId: master.id,
      before: { price_per_segment: removed.pricePerSegment.toString() },
      detail: `${countryName(data.country)} (${data.country}), tenant price list${overrides.count > 0 ? `; ${overrides.count} account price${overrides.count === 1 ? "" : "s"} removed with it` : ""}`,
    });
    return { country: data.country, overridesRemoved: overrides.count };
  });
}
