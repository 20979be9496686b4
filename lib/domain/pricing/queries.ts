import { prisma } from "@/lib/db/client";
import type { DomainContext } from "@/lib/domain/context";
import { ForbiddenError } from "@/lib/domain/errors";
import { getAccountInSubtree } from "@/lib/domain/accounts/internal";
import { countryMatches, countryName, listCountryOptions, type CountryOption } from "./countries";
import { listPricesQuerySchema, type ListPricesQuery, type PriceSort } from "./list-prices-schema";
import { resolvePrice, type StoredPrice } from "./resolve-prices";

type Scope = Pick<DomainContext, "tenantId" | "accountId">;

export type PriceRow = {
  country: string;
  name: string;
  /** micro-units per segment */
  pricePerSegment: string;
  updatedAt: string;
  /** accounts in the tenant with their own price for this country (removing the country removes them) */
  overrides: number;
};

export type PriceSource =
  | { kind: "list" }
  /** `name` is null when the account lies above the caller's own: the caller never sees those */
  | { kind: "override"; accountId: number; name: string | null; isThisAccount: boolean };

export type AccountPriceRow = {
  country: string;
  name: string;
  /** what the account pays per segment now, micro-units */
  pricePerSegment: string;
  source: PriceSource;
  updatedAt: string;
  /** what it would pay without its own override: its parent's price (null for the master) */
  inherited: string | null;
  /**
   * the least an override set by the caller may be: the caller's own price, when the caller is below the
   * master (setAccountPrice); null when there is no floor
   */
  floor: string | null;
  /** the tenant's list price for the country (what the operator charges the master), null when it has none */
  listPrice: string | null;
};

function sortRows<T extends { name: string; pricePerSegment: string; updatedAt: string }>(rows: T[], sort: PriceSort): T[] {
  const key = sort.replace(/^-/, "");
  const direction = sort.startsWith("-") ? -1 : 1;
  const byName = (a: T, b: T) => a.name.localeCompare(b.name, "en");
  return rows.sort((a, b) => {
    let order = 0;
    if (key === "price") {
      const [pa, pb] = [BigInt(a.pricePerSegment), BigInt(b.pricePerSegment)];
      order = pa < pb ? -1 : pa > pb ? 1 : 0;
    }
    else if (key === "updated") order = a.updatedAt.localeCompare(b.updatedAt);
    else order = byName(a, b);
    return order * direction || byName(a, b);
  });
}

/**
 * The tenant's price list, for the master account's users (members see their own prices through
 * listAccountPrices). Filtered and sorted on the server as the URL says; `total` counts the whole list.
 */
export async function listPrices(ctx: Scope, query: Partial<ListPricesQuery> = {}) {
  const { q, sort } = listPricesQuerySchema.parse(query);
  const own = await getAccountInSubtree(prisma, ctx, ctx.accountId);
  if (own.parentId !== null) throw new ForbiddenError("The price list is kept by the master account.");
  const [prices, overrides] = await prisma.$transaction([
    prisma.price.findMany({ where: { tenantId: ctx.tenantId }, select: { country: true, pricePerSegment: true, updatedAt: true } }),
    prisma.accountPrice.groupBy({ by: ["country"], where: { tenantId: ctx.tenantId }, _count: { _all: true }, orderBy: { country: "asc" } }),
  ]);
  const overrideCount = new Map(overrides.map((o) => [o.country, o._count._all]));
  const rows: PriceRow[] = prices
    .map((p) => ({
      country: p.country,
      name: countryName(p.country),
      pricePerSegment: p.pricePerSegment.toString(),
      updatedAt: p.updatedAt.toISOString(),
      overrides: overrideCount.get(p.country) ?? 0,
    }))
    .filter((r) => countryMatches(r.country, r.name, q));
  return { rows: sortRows(rows, sort), total: prices.length };
}

/** The destinations that are not on the tenant's list yet, by name: what "Add country" offers. */
export async function listCountriesToAdd(ctx: Scope): Promise<CountryOption[]> {
  const listed = await prisma.price.findMany({ where: { tenantId: ctx.tenantId }, select: { country: true } });
  const taken = new Set(listed.map((p) => p.country));
  return listCountryOptions().filter((c) => !taken.has(c.code));
}

/**
 * What one account pays per segment for each destination it can send to, and where that price comes from: the
 * tenant's list, its own override, or an ancestor's (the nearest on its path wins, as at send time).
 */
export async function listAccountPrices(ctx: Scope, accountId: number, query: Partial<ListPricesQuery> = {}) {
  const { q, sort } = listPricesQuerySchema.parse(query);
  const account = await getAccountInSubtree(prisma, ctx, accountId);
  const path = account.path;
  const [listRows, overrideRows, pathAccounts] = await prisma.$transaction([
    prisma.price.findMany({ where: { tenantId: ctx.tenantId }, select: { country: true, pricePerSegment: true, updatedAt: true } }),
    prisma.accountPrice.findMany({
      where: { tenantId: ctx.tenantId, accountId: { in: path } },
      select: { accountId: true, country: true, pricePerSegment: true, updatedAt: true },
    }),
    prisma.account.findMany({ where: { tenantId: ctx.tenantId, id: { in: path } }, select: { id: true, name: true } }),
  ]);
  const list = new Map<string, StoredPrice>(listRows.map((p) => [p.country, p]));
  const overrides = new Map<number, Map<string, StoredPrice>>();
  for (const o of overrideRows) {
    if (!overrides.has(o.accountId)) overrides.set(o.accountId, new Map());
    overrides.get(o.accountId)!.set(o.country, o);
  }
  const callerIndex = path.indexOf(ctx.accountId);
  const visibleNames = new Map(pathAccounts.filter((a) => path.indexOf(a.id) >= callerIndex).map((a) => [a.id, a.name]));
  const self = path.length - 1;
  // the floor of setAccountPrice: only a caller below the master, pricing an account below itself, has one
  const hasFloor = callerIndex > 0 && callerIndex < self;

  const countries = new Set([...list.keys(), ...overrideRows.map((o) => o.country)]);
  const rows: AccountPriceRow[] = [];
  for (const country of countries) {
    const name = countryName(country);
    if (!countryMatches(country, name, q)) continue;
    const now = resolvePrice(country, path, self, list, overrides);
    if (!now) continue;
    const inherited = self > 0 ? resolvePrice(country, path, self - 1, list, overrides) : undefined;
    const floor = hasFloor ? resolvePrice(country, path, callerIndex, list, overrides) : undefined;
    rows.push({
      country,
      name,
      pricePerSegment: now.pricePerSegment.toString(),
      source:
        now.setOn === null
          ? { kind: "list" }
          : { kind: "override", accountId: now.setOn, name: visibleNames.get(now.setOn) ?? null, isThisAccount: now.setOn === account.id },
      updatedAt: now.updatedAt.toISOString(),
      inherited: inherited ? inherited.pricePerSegment.toString() : null,
      floor: floor ? floor.pricePerSegment.toString() : null,
      listPrice: list.get(country)?.pricePerSegment.toString() ?? null,
    });
  }
  const total = countries.size;
  return {
    account: { id: account.id, name: account.name, status: account.status, isMaster: account.parentId === null },
    rows: sortRows(rows, sort),
    total,
  };
}

/**
 * The operators' default list for new tenants in `currency` (null when the currency has none: new tenants then
 * start from the built-in list), and the currencies the platform's tenants and default lists use.
 */
export async function listDefaultPrices(currency: string, query: Partial<ListPricesQuery> = {}) {
  const { q, sort } = listPricesQuerySchema.parse(query);
  const [prices, tenantCurrencies, listCurrencies] = await prisma.$transaction([
    prisma.defaultPrice.findMany({ where: { currency }, select: { country: true, pricePerSegment: true, updatedAt: true } }),
    prisma.tenant.findMany({ distinct: ["currency"], select: { currency: true } }),
    prisma.defaultPrice.findMany({ distinct: ["currency"], select: { currency: true } }),
  ]);
  const currencies = [...new Set([...tenantCurrencies, ...listCurrencies].map((c) => c.currency.trim()).concat(currency))].sort();
  const rows: PriceRow[] = prices
    .map((p) => ({ country: p.country, name: countryName(p.country), pricePerSegment: p.pricePerSegment.toString(), updatedAt: p.updatedAt.toISOString(), overrides: 0 }))
    .filter((r) => countryMatches(r.country, r.name, q));
  return { rows: sortRows(rows, sort), total: prices.length, currencies, hasList: prices.length > 0 };
}

/** The destinations not on a default list yet. */
export async function listDefaultCountriesToAdd(currency: string): Promise<CountryOption[]> {
  const listed = await prisma.defaultPrice.findMany({ where: { currency }, select: { country: true } });
  const taken = new Set(listed.map((p) => p.country));
  return listCountryOptions().filter((c) => !taken.has(c.code));
}
