import { withTransaction } from "@/lib/db/transaction";
import { NotFoundError } from "@/lib/domain/errors";
import { getTenantMaster, recordTenantAuditByOperator } from "@/lib/domain/platform/internal";
import type { OperatorContext } from "@/lib/domain/platform/operator-context";
import { recordOperatorAudit } from "@/lib/domain/platform/record-operator-audit";
import { countryName } from "./countries";
import { removePriceSchema, type RemovePriceInput } from "./schemas";

/**
 * Takes a destination off a tenant's price list: nobody in the tenant can send there any more. The accounts'
 * own prices for it go too, in the same transaction: at send time an override wins over a missing list price
 * (effectivePrices), so a reseller's override would otherwise keep open a destination the platform closed.
 * setAccountPrice holds the list row FOR SHARE, so an override written concurrently is either seen here or
 * refused there. An operator's verb, like setPrice.
 */
export async function removePrice({ ctx, input }: { ctx: OperatorContext; input: RemovePriceInput }) {
  const data = removePriceSchema.parse(input);
  const tenantId = data.accountId;
  return withTransaction(ctx, async (tx) => {
    const master = await getTenantMaster(tx, tenantId);
    const [removed] = await tx.$queryRaw<{ pricePerSegment: bigint }[]>`
      DELETE FROM price WHERE tenant_id = ${tenantId} AND country = ${data.country} RETURNING price_per_segment AS "pricePerSegment"`;
    if (!removed) throw new NotFoundError(`${countryName(data.country)} is not on the price list.`);
    const overrides = await tx.accountPrice.deleteMany({ where: { tenantId, country: data.country } });
    const change = {
      before: { price_per_segment: removed.pricePerSegment.toString() },
      detail: `${countryName(data.country)} (${data.country}), tenant price list${overrides.count > 0 ? `; ${overrides.count} account price${overrides.count === 1 ? "" : "s"} removed with it` : ""}`,
    };
    await recordOperatorAudit(tx, ctx, { action: "tenant_price_removed", tenantId, ...change });
    await recordTenantAuditByOperator(tx, ctx, tenantId, { action: "price_removed", accountId: master.id, ...change });
    return { country: data.country, overridesRemoved: overrides.count };
  });
}
