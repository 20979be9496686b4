import { withTransaction } from "@/lib/db/transaction";
import { roleAllows, type DomainContext } from "@/lib/domain/context";
import { ForbiddenError, NotFoundError } from "@/lib/domain/errors";
import { countryName } from "./countries";
import { getPricedAccount } from "./internal";
import { removeAccountPriceSchema, type RemoveAccountPriceInput } from "./schemas";

/** Removes an account's own price for one destination: it pays what its parent pays again. */
export async function removeAccountPrice({ ctx, input }: { ctx: DomainContext; input: RemoveAccountPriceInput }) {
  if (!roleAllows(ctx.role, "owner")) throw new ForbiddenError("Only owners can change prices.");
  const data = removeAccountPriceSchema.parse(input);
  return withTransaction(ctx, async (tx) => {
    const account = await getPricedAccount(tx, ctx, data.accountId);
    const removed = await tx.accountPrice.deleteMany({ where: { tenantId: ctx.tenantId, accountId: account.id, country: data.country } });
    if (removed.count === 0) throw new NotFoundError(`${account.name} has no price of its own for ${countryName(data.country)}.`);
    return { accountId: account.id, country: data.country };
  });
}
