import { withTransaction } from "@/lib/db/transaction";
import { roleAllows, type DomainContext } from "@/lib/domain/context";
import { ForbiddenError, NotFoundError } from "@/lib/domain/errors";
import { countryName } from "./countries";
import { recordAudit } from "@/lib/domain/audit/record-audit";
import { getPricedAccount } from "./internal";
import { removeAccountPriceSchema, type RemoveAccountPriceInput } from "./schemas";

/** Removes an account's own price for one destination: it pays what its parent pays again. */
export async function removeAccountPrice({ ctx, input }: { ctx: DomainContext; input: RemoveAccountPriceInput }) {
  if (!roleAllows(ctx.role, "owner")) throw new ForbiddenError("Only owners can change prices.");
  const data = removeAccountPriceSchema.parse(input);
  return withTransaction(ctx, async (tx) => {
    const account = await getPricedAccount(tx, ctx, data.accountId);
    const [removed] = await tx.$queryRaw<{ pricePerSegment: bigint }[]>`
      DELETE FROM account_price WHERE tenant_id = ${ctx.tenantId} AND account_id = ${account.id} AND country = ${data.country}
      RETURNING price_per_segment AS "pricePerSegment"`;
    if (!removed) throw new NotFoundError(`${account.name} has no price of its own for ${countryName(data.country)}.`);
    await recordAudit(tx, ctx, {
      action: "account_price_removed",
      accountId: account.id,
      before: { price_per_segment: removed.pricePerSegment.toString() },
      detail: `${countryName(data.country)} (${data.country})`,
    });
    return { accountId: account.id, country: data.country };
  });
}
