import { withTransaction } from "@/lib/db/transaction";
import { NotFoundError } from "@/lib/domain/errors";
import type { OperatorContext } from "@/lib/domain/platform/operator-context";
import { recordOperatorAudit } from "@/lib/domain/platform/record-operator-audit";
import { countryName } from "./countries";
import { removeDefaultPriceSchema, type RemoveDefaultPriceInput } from "./schemas";

/** Takes a destination off a default list; tenants that already have it keep their own price. */
export async function removeDefaultPrice({ ctx, input }: { ctx: OperatorContext; input: RemoveDefaultPriceInput }) {
  const data = removeDefaultPriceSchema.parse(input);
  return withTransaction(ctx, async (tx) => {
    const removed = await tx.defaultPrice.deleteMany({ where: { currency: data.currency, country: data.country } });
    if (removed.count === 0) throw new NotFoundError(`${countryName(data.country)} is not on the default ${data.currency} list.`);
    await recordOperatorAudit(tx, ctx, { action: "default_price_removed", detail: `${countryName(data.country)} (${data.country}), default ${data.currency} list` });
    return { currency: data.currency, country: data.country };
  });
}
