import { withTransaction } from "@/lib/db/transaction";
import { getTenantMaster, recordTenantAuditByOperator } from "@/lib/domain/platform/internal";
import type { OperatorContext } from "@/lib/domain/platform/operator-context";
import { recordOperatorAudit } from "@/lib/domain/platform/record-operator-audit";
import { countryName } from "./countries";
import { setPriceSchema, type SetPriceInput } from "./schemas";

/**
 * Adds a destination to a tenant's price list, or changes its price: what the platform charges the tenant per
 * segment (DESIGN.md §1). The list belongs to the platform's operators; the tenant's owners price only the
 * accounts below their master (setAccountPrice). `accountId` is the tenant's master (its id is the tenant's).
 */
export async function setPrice({ ctx, input }: { ctx: OperatorContext; input: SetPriceInput }) {
  const data = setPriceSchema.parse(input);
  const tenantId = data.accountId;
  return withTransaction(ctx, async (tx) => {
    const master = await getTenantMaster(tx, tenantId);
    const [before] = await tx.$queryRaw<{ pricePerSegment: bigint }[]>`
      SELECT price_per_segment AS "pricePerSegment" FROM price WHERE tenant_id = ${tenantId} AND country = ${data.country} FOR UPDATE`;
    const price = await tx.price.upsert({
      where: { tenantId_country: { tenantId, country: data.country } },
      create: { tenantId, country: data.country, pricePerSegment: data.pricePerSegment },
      update: { pricePerSegment: data.pricePerSegment },
    });
    if (before?.pricePerSegment !== price.pricePerSegment) {
      const change = {
        before: before ? { price_per_segment: before.pricePerSegment.toString() } : null,
        after: { price_per_segment: price.pricePerSegment.toString() },
        detail: `${countryName(data.country)} (${data.country}), tenant price list`,
      };
      await recordOperatorAudit(tx, ctx, { action: "tenant_price_set", tenantId, ...change });
      await recordTenantAuditByOperator(tx, ctx, tenantId, { action: "price_set", accountId: master.id, ...change });
    }
    return price;
  });
}
