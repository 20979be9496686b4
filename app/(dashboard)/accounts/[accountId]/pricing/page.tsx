import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { requirePageAccess } from "@/lib/auth/access";
import { roleAllows } from "@/lib/domain/context";
import { listPricesQuerySchema } from "@/lib/domain/pricing/list-prices-schema";
import { listAccountPrices, listPrices } from "@/lib/domain/pricing/queries";
import { Button } from "@/components/ui/button";
import { AccountPricesTable } from "@/components/pricing/account-prices-table";
import { PriceListTable } from "@/components/pricing/price-list-table";
import { PriceSearch } from "@/components/pricing/price-search";
import { removeAccountPriceAction, setAccountPriceAction } from "./actions";

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
    const list = await listPrices(ctx, query);
    return (
      <div className="max-w-4xl space-y-4">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">Pricing</h1>
          <p className="max-w-2xl text-sm text-muted-foreground">
            Your price list: what your platform charges per SMS segment, by destination country, in {currency}. Every account pays these
            prices unless you gave it (or an account above it) a price of its own on its Pricing page; a country not on the list cannot be
            sent to. Ask your platform to add a country or change a price.
          </p>
        </div>
        {list.total > 0 ? <PriceSearch basePath={basePath} query={query} /> : null}
        <PriceListTable
          rows={list.rows}
          total={list.total}
          sort={query.sort}
          accountId={accountId}
          currency={currency}
          canEdit={false}
          actions={null}
          empty={
            list.total === 0 ? (
              <EmptyState title="No prices yet">
                <p className="mx-auto mt-1 max-w-md text-sm">Your platform has not priced a destination yet, so no account can send. Ask it to set your price list.</p>
              </EmptyState>
            ) : noMatch
          }
        />
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
