import type { DbClient } from "@/lib/db/client";

/**
 * The price per segment that `accountId` pays for each destination country: the nearest account price on its
 * path (an account's override applies to its whole subtree, so a reseller sets its margin once), else the
 * tenant's price list. A country with neither is missing from the map: it cannot be sent to.
 */
export async function effectivePrices(db: DbClient, tenantId: number, accountId: number, countries: string[]) {
  const rows = await db.$queryRaw<{ country: string; price: bigint | null }[]>`
    SELECT c.country, coalesce(o.price_per_segment, p.price_per_segment) AS price
    FROM unnest(${countries}::text[]) AS c(country)
    JOIN account s ON s.tenant_id = ${tenantId} AND s.id = ${accountId}
    LEFT JOIN price p ON p.tenant_id = ${tenantId} AND p.country = c.country
    LEFT JOIN LATERAL (
      SELECT ap.price_per_segment FROM account_price ap
      WHERE ap.tenant_id = ${tenantId} AND ap.account_id = ANY (s.path) AND ap.country = c.country
      ORDER BY array_position(s.path, ap.account_id) DESC LIMIT 1
    ) o ON true`;
  const prices = new Map<string, bigint>();
  for (const row of rows) if (row.price !== null) prices.set(row.country, row.price);
  return prices;
}
