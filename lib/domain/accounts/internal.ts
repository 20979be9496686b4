import type { DbClient } from "@/lib/db/client";
import { NotFoundError } from "@/lib/domain/errors";
import type { DomainContext } from "@/lib/domain/context";
import { DEFAULT_PRICES } from "@/lib/domain/messaging/default-prices";

/** The next account id, taken before the insert: a master's tenant id and a postpaid self-invoice need it. */
export async function nextAccountId(db: DbClient): Promise<number> {
  const [row] = await db.$queryRaw<{ id: bigint }[]>`SELECT nextval(pg_get_serial_sequence('account', 'id')) AS id`;
  return Number(row.id);
}

/**
 * Fetches a customer account that lies in the caller's subtree (DESIGN.md §2: actor ∈ target.path), or throws
 * NotFoundError: another tenant's or another branch's id is indistinguishable from a missing one.
 */
export async function getAccountInSubtree(db: DbClient, ctx: Pick<DomainContext, "tenantId" | "accountId">, accountId: number) {
  const account = await db.account.findFirst({
    where: { tenantId: ctx.tenantId, id: accountId, kind: "customer", path: { has: ctx.accountId } },
  });
  if (!account) throw new NotFoundError("Account not found.");
  return account;
}

/**
 * A new tenant's rows, inside the caller's transaction: the tenant, its master account (id = tenant id, always a
 * partner), the two system accounts money enters and leaves through (funding, usage: DESIGN.md §3), and its
 * price list: the operators' default list for its currency, else the built-in starting list. No user: the
 * caller adds the owner (a user now, or an invitation the owner accepts).
 */
export async function insertTenant(
  tx: DbClient,
  data: { name: string; currency: string; maxDepth?: number; contactEmail?: string | null },
): Promise<{ tenantId: number; masterAccountId: number; fundingAccountId: number; usageAccountId: number }> {
  const tenantId = await nextAccountId(tx);
  await tx.tenant.create({ data: { id: tenantId, name: data.name, currency: data.currency, maxDepth: data.maxDepth ?? 5 } });
  await tx.account.create({
    data: { id: tenantId, tenantId, name: data.name, currency: data.currency, isPartner: true, contactEmail: data.contactEmail ?? null },
  });
  const systemAccount = (kind: "funding" | "usage") =>
    tx.account.create({ data: { tenantId, kind, name: `${data.name} ${kind}`, currency: data.currency }, select: { id: true } });
  const funding = await systemAccount("funding");
  const usage = await systemAccount("usage");
  const defaults = await tx.defaultPrice.findMany({ where: { currency: data.currency }, select: { country: true, pricePerSegment: true } });
  const prices = defaults.length ? defaults : DEFAULT_PRICES;
  await tx.price.createMany({ data: prices.map((p) => ({ tenantId, country: p.country, pricePerSegment: p.pricePerSegment })) });
  return { tenantId, masterAccountId: tenantId, fundingAccountId: funding.id, usageAccountId: usage.id };
}
