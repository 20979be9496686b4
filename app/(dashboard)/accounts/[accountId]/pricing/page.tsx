import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { requirePageAccess } from "@/lib/auth/access";
import { roleAllows } from "@/lib/domain/context";
import { listPricesQuerySchema } from "@/lib/domain/pricing/list-prices-schema";
import { listAccountPrices, listCountriesToAdd, listPrices } from "@/lib/domain/pricing/queries";
import { Button } from "@/components/ui/button";
import { AccountPricesTable } from "@/components/pricing/account-prices-table";
import { PriceDialog } from "@/components/pricing/price-dialog";
import { PriceListTable } from "@/components/pricing/price-list-table";
import { PriceSearch } from "@/components/pricing/price-search";
import { removeAccountPriceAction, removePriceAction, setAccountPriceAction, setPriceAction } from "./actions";

export const metadata: Metadata = { title: "Pricing" };

function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="py-4 text-center">
      <p className="font-medium text-foreground">{title}</p>
      {children}
    </div>
  );
}

export default async function PricingPage({ params, searchParams }: PageProps<"/accounts/[accountId]/pricing">) {
  const accountId = Number((await params).accountId);
  const basePath = `/accounts/${accountId}/pricing`;
  const { ctx } = await requirePageAccess(accountId, "viewer", basePath);
  const raw = await searchParams;
  const query = listPricesQuerySchema.parse(Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v])));
  const isOwner = roleAllows(ctx.role, "owner");
  const currency = ctx.currency;
  const prices = await listAccountPrices(ctx, accountId, query);
  const { account } = prices;
  const noMatch = (
    <EmptyState title={`No country matches “${query.q}”`}>
      <Button asChild variant="link"><Link href={basePath}>Show all countries</Link></Button>
    </EmptyState>
  );

  if (account.isMaster) {
    const [list, countriesToAdd] = await Promise.all([listPrices(ctx, query), isOwner ? listCountriesToAdd(ctx) : []]);
    const addDialog = isOwner && countriesToAdd.length > 0 ? (
      <PriceDialog
        triggerLabel="Add country"
        accountId={accountId}
        title="Add a country"
        description="Every account can send to it at this price per segment, unless it has a price of its own."
        countryOptions={countriesToAdd}
        defaultPrice=""
        currency={currency}
        action={setPriceAction}
      />
    ) : null;
    return (
      <div className="max-w-4xl space-y-4">
        <div className="flex flex-wrap items-end justify-between gap-3">
          <div>
            <h1 className="text-2xl font-semibold tracking-tight">Pricing</h1>
            <p className="max-w-2xl text-sm text-muted-foreground">
              Your price list: what a message costs per SMS segment, by destination country, in {currency}. Every account pays these prices
              unless it (or an account above it) was given a price of its own; a country not on the list cannot be sent to.
            </p>
          </div>
          {addDialog}
        </div>
        {list.total > 0 ? <PriceSearch basePath={basePath} query={query} /> : null}
        <PriceListTable
          rows={list.rows}
          total={list.total}
          sort={query.sort}
          accountId={accountId}
          currency={currency}
          canEdit={isOwner}
          actions={{ set: setPriceAction, remove: removePriceAction }}
          empty={
            list.total === 0 ? (
              <EmptyState title="No prices yet">
                <p className="mx-auto mt-1 max-w-md text-sm">Add the countries your accounts may send to. A country without a price cannot be sent to.</p>
              </EmptyState>
            ) : noMatch
          }
        />
        {!isOwner ? <p className="text-sm text-muted-foreground">Only owners can change the price list.</p> : null}
      </div>
    );
  }

  // an owner prices the accounts below its own, never its own (setAccountPrice)
  const canOverride = isOwner && accountId !== ctx.accountId && account.status !== "closed";
  return (
    <div className="max-w-4xl space-y-4">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Pricing</h1>
        <p className="max-w-2xl text-sm text-muted-foreground">
          What {account.name} pays per SMS segment, by destination country, in {currency}, and where each price comes from.
          {canOverride
            ? ` A price you set here applies to ${account.name} and every account below it that has no price of its own.`
            : accountId === ctx.accountId
              ? " These prices are set by the account above yours."
              : ""}
        </p>
      </div>
      {prices.total > 0 ? <PriceSearch basePath={basePath} query={query} /> : null}
      <AccountPricesTable
        rows={prices.rows}
        total={prices.total}
        sort={query.sort}
        account={{ id: account.id, name: account.name }}
        currency={currency}
        canOverride={canOverride}
        actions={{ set: setAccountPriceAction, remove: removeAccountPriceAction }}
        empty={
          prices.total === 0 ? (
            <EmptyState title="No destinations yet">
              <p className="mx-auto mt-1 max-w-md text-sm">No country has a price, so {account.name} cannot send messages yet.</p>
            </EmptyState>
          ) : noMatch
        }
      />
    </div>
  );
}
