import type { Metadata } from "next";
import Link from "next/link";
import { requireOperatorPage } from "@/lib/auth/operator-access";
import { listPricesQuerySchema } from "@/lib/domain/pricing/list-prices-schema";
import { listDefaultCountriesToAdd, listDefaultPrices } from "@/lib/domain/pricing/queries";
import { DEFAULT_PRICES } from "@/lib/domain/messaging/default-prices";
import { Button } from "@/components/ui/button";
import { PriceDialog } from "@/components/pricing/price-dialog";
import { PriceListTable } from "@/components/pricing/price-list-table";
import { PriceSearch } from "@/components/pricing/price-search";
import { removeDefaultPriceAction, setDefaultPriceAction, startDefaultPricesAction } from "../actions";
import { StartDefaultPricesButton } from "./start-default-prices-button";

export const metadata: Metadata = { title: "Default prices" };

export default async function DefaultPricesPage({ searchParams }: PageProps<"/operator/prices">) {
  await requireOperatorPage("/operator/prices");
  const raw = Object.fromEntries(Object.entries(await searchParams).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));
  const currency = /^[A-Za-z]{3}$/.test(raw.currency ?? "") ? raw.currency!.toUpperCase() : "EUR";
  const query = listPricesQuerySchema.parse(raw);
  const [list, countriesToAdd] = await Promise.all([listDefaultPrices(currency, query), listDefaultCountriesToAdd(currency)]);
  const basePath = `/operator/prices?currency=${currency}`;
  const setAction = setDefaultPriceAction.bind(null, currency);
  const removeAction = removeDefaultPriceAction.bind(null, currency);
  return (
    <div className="max-w-4xl space-y-4">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">Default prices</h1>
          <p className="max-w-2xl text-sm text-muted-foreground">
            The price list a new tenant starts with, per currency. Changing it changes no existing tenant: each has its own list, on its page.
          </p>
        </div>
        {list.hasList && countriesToAdd.length > 0 ? (
          <PriceDialog
            triggerLabel="Add country"
            accountId={0}
            title="Add a country"
            description={`New ${currency} tenants start with this price per segment.`}
            countryOptions={countriesToAdd}
            defaultPrice=""
            currency={currency}
            action={setAction}
          />
        ) : null}
      </div>
      <nav aria-label="Currencies" className="flex flex-wrap gap-2">
        {list.currencies.map((c) => (
          <Button key={c} asChild size="sm" variant={c === currency ? "default" : "outline"}>
            <Link href={`/operator/prices?currency=${c}`} aria-current={c === currency ? "page" : undefined}>{c}</Link>
          </Button>
        ))}
        <form method="get" action="/operator/prices" className="flex items-center gap-2">
          <label htmlFor="other-currency" className="sr-only">Another currency</label>
          <input id="other-currency" name="currency" maxLength={3} placeholder="Other…" className="h-8 w-20 rounded-md border border-input bg-background px-2 text-sm uppercase placeholder:normal-case" />
          <Button type="submit" size="sm" variant="ghost">Show</Button>
        </form>
      </nav>
      {list.hasList ? (
        <>
          <PriceSearch basePath="/operator/prices" query={query} hidden={{ currency }} />
          <PriceListTable
            rows={list.rows}
            total={list.total}
            sort={query.sort}
            accountId={0}
            currency={currency}
            canEdit
            actions={{ set: setAction, remove: removeAction }}
            empty={<p>No country matches “{query.q}”. <Link href={basePath} className="underline">Show all</Link></p>}
          />
        </>
      ) : (
        <div className="rounded-lg border bg-card p-8 text-center">
          <p className="font-medium">No default list for {currency} yet</p>
          <p className="mx-auto mt-1 max-w-md text-sm text-muted-foreground">
            New {currency} tenants start from the built-in list ({DEFAULT_PRICES.length} countries, indicative prices). Start a {currency} list from it to set
            your own prices.
          </p>
          <StartDefaultPricesButton currency={currency} action={startDefaultPricesAction} />
        </div>
      )}
    </div>
  );
}
