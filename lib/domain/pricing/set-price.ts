import { withTransaction } from "@/lib/db/transaction";
import { roleAllows, type DomainContext } from "@/lib/domain/context";
import { ForbiddenError } from "@/lib/domain/errors";
import { getPriceListOwner } from "./internal";
import { setPriceSchema, type SetPriceInput } from "./schemas";

/** Adds a destination to the tenant's price list, or changes its price. Only the master's owners keep the list. */
export async function setPrice({ ctx, input }: { ctx: DomainContext; input: SetPriceInput }) {
  if (!roleAllows(ctx.role, "owner")) throw new ForbiddenError("Only owners can change prices.");
  const data = setPriceSchema.parse(input);
  return withTransaction(ctx, async (tx) => {
    await getPriceListOwner(tx, ctx, data.accountId);
    return tx.price.upsert({
      where: { tenantId_country: { tenantId: ctx.tenantId, country: data.country } },
      create: { tenantId: ctx.tenantId, country: data.country, pricePerSegment: data.pricePerSegment },
      update: { pricePerSegment: data.pricePerSegment },
    });
  });
}
