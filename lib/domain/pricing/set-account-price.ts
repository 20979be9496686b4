import { withTransaction } from "@/lib/db/transaction";
import { roleAllows, type DomainContext } from "@/lib/domain/context";
import { AccountStateError, ForbiddenError, ValidationError } from "@/lib/domain/errors";
import { effectivePrices } from "@/lib/domain/messaging/prices";
import { formatPrice } from "@/lib/money";
import { recordAudit } from "@/lib/domain/audit/record-audit";
import { countryName } from "./countries";
import { getPricedAccount } from "./internal";
import { setAccountPriceSchema, type SetAccountPriceInput } from "./schemas";

/**
 * Gives an account (and its subtree) its own price for one destination, or changes it: at send time the
 * override nearest to the sender on its path wins (effectivePrices). The account must lie strictly below the
 * caller's (see getPricedAccount), and the destination must be on the tenant's list: the master decides where
 * the tenant sends, a reseller only what its members pay for it.
 */
export async function setAccountPrice({ ctx, input }: { ctx: DomainContext; input: SetAccountPriceInput }) {
  if (!roleAllows(ctx.role, "owner")) throw new ForbiddenError("Only owners can change prices.");
  const data = setAccountPriceSchema.parse(input);
  return withTransaction(ctx, async (tx) => {
    const account = await getPricedAccount(tx, ctx, data.accountId);
    if (account.status === "closed") throw new AccountStateError("account_closed", "A closed account cannot be given prices.");
    // FOR SHARE: a concurrent removePrice waits for this override (and deletes it) or has already won
    const listed = await tx.$queryRaw<{ one: number }[]>`
      SELECT 1 AS one FROM price WHERE tenant_id = ${ctx.tenantId} AND country = ${data.country} FOR SHARE`;
    const name = countryName(data.country);
    if (listed.length === 0) {
      throw new ValidationError(`${name} is not on the price list, so it cannot be sent to.`, {
        country: ["Only countries on the price list can be given a price."],
      });
    }
    // Charges go straight to the tenant, not through the reseller: below the master, an override under the
    // caller's own price would let a reseller give its members the tenant's traffic for less than it pays.
    const callerIsMaster = account.path[0] === ctx.accountId;
    if (!callerIsMaster) {
      const own = (await effectivePrices(tx, ctx.tenantId, ctx.accountId, [data.country])).get(data.country)!;
      if (data.pricePerSegment < own) {
        const floor = formatPrice(own, ctx.currency);
        throw new ValidationError(`Your account pays ${floor} per segment for ${name}; its members cannot pay less.`, {
          pricePerSegment: [`At least ${floor}, what your account pays.`],
        });
      }
    }
    const [before] = await tx.$queryRaw<{ pricePerSegment: bigint }[]>`
      SELECT price_per_segment AS "pricePerSegment" FROM account_price
       WHERE tenant_id = ${ctx.tenantId} AND account_id = ${account.id} AND country = ${data.country} FOR UPDATE`;
    const price = await tx.accountPrice.upsert({
      where: { tenantId_accountId_country: { tenantId: ctx.tenantId, accountId: account.id, country: data.country } },
      create: { tenantId: ctx.tenantId, accountId: account.id, country: data.country, pricePerSegment: data.pricePerSegment },
      update: { pricePerSegment: data.pricePerSegment },
    });
    if (before?.pricePerSegment !== price.pricePerSegment) {
      await recordAudit(tx, ctx, {
        action: "account_price_set",
        accountId: account.id,
        before: before ? { price_per_segment: before.pricePerSegment.toString() } : null,
        after: { price_per_segment: price.pricePerSegment.toString() },
        detail: `${name} (${data.country})`,
      });
    }
    return price;
  });
}
