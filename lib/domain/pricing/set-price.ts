import { withTransaction } from "@/lib/db/transaction";
import { roleAllows, type DomainContext } from "@/lib/domain/context";
import { ForbiddenError } from "@/lib/domain/errors";
import { recordAudit } from "@/lib/domain/audit/record-audit";
import { countryName } from "./countries";
import { getPriceListOwner } from "./internal";
import { setPriceSchema, type SetPriceInput } from "./schemas";

/** Adds a destination to the tenant's price list, or changes its price. Only the master's owners keep the list. */
export async function setPrice({ ctx, input }: { ctx: DomainContext; input: SetPriceInput }) {
  if (!roleAllows(ctx.role, "owner")) throw new ForbiddenError("Only owners can change prices.");
  const data = setPriceSchema.parse(input);
  return withTransaction(ctx, async (tx) => {
    const master = await getPriceListOwner(tx, ctx, data.accountId);
    const [before] = await tx.$queryRaw<{ pricePerSegment: bigint }[]>`
      SELECT price_per_segment AS "pricePerSegment" FROM price WHERE tenant_id = ${ctx.tenantId} AND country = ${data.country} FOR UPDATE`;
    const price = await tx.price.upsert({
      where: { tenantId_country: { tenantId: ctx.tenantId, country: data.country } },
      create: { tenantId: ctx.tenantId, country: data.country, pricePerSegment: data.pricePerSegment },
      update: { pricePerSegment: data.pricePerSegment },
    });
    if (before?.pricePerSegment !== price.pricePerSegment) {
      await recordAudit(tx, ctx, {
        action: "price_set",
        accountId: master.id,
        before: before ? { price_per_segment: before.pricePerSegment.toString() } : null,
        after: { price_per_segment: price.pricePerSegment.toString() },
        detail: `${countryName(data.country)} (${data.country}), tenant price list`,
      });
    }
    return price;
  });
}
