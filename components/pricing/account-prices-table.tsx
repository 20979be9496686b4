"use client";

import type { ColumnDef } from "@tanstack/react-table";
import Link from "next/link";
import type { ReactNode } from "react";
import { DataTable } from "@/components/data-table/data-table";
import { Badge } from "@/components/ui/badge";
import { Money } from "@/components/ui/money";
import type { PriceSort } from "@/lib/domain/pricing/list-prices-schema";
import type { AccountPriceRow } from "@/lib/domain/pricing/queries";
import { AccountPriceRowActions } from "./account-price-row-actions";
import { SortHeader } from "./sort-header";
import type { RemovePriceAction, SetPriceAction } from "./types";

function SourceCell({ row }: { row: AccountPriceRow }) {
  const source = row.source;
  if (source.kind === "list") return <span className="text-muted-foreground">Price list</span>;
  if (source.isThisAccount) return <Badge variant="secondary">Own price</Badge>;
  if (source.name === null) return <span className="text-muted-foreground">Set above your account</span>;
  return (
    <span>
      <span className="text-muted-foreground">From </span>
      <Link href={`/accounts/${source.accountId}/pricing`} className="hover:underline">{source.name}</Link>
    </span>
  );
}

/** What one account pays per destination and where each price comes from; owners above it can change it. */
export function AccountPricesTable({ rows, total, sort, account, currency, canOverride, actions, empty }: {
  rows: AccountPriceRow[];
  total: number;
  sort: PriceSort;
  account: { id: number; name: string };
  currency: string;
  canOverride: boolean;
  actions: { set: SetPriceAction; remove: RemovePriceAction };
  empty: ReactNode;
}) {
  const columns: ColumnDef<AccountPriceRow, unknown>[] = [
    {
      id: "country",
      header: () => <SortHeader sortKey="name" label="Country" sort={sort} />,
      cell: ({ row }) => (
        <span>
          <span className="font-medium">{row.original.name}</span> <span className="text-xs text-muted-foreground">{row.original.country}</span>
        </span>
      ),
    },
    {
      id: "price",
      header: () => <SortHeader sortKey="price" label="Price per segment" sort={sort} />,
      meta: { className: "text-right" },
      cell: ({ row }) => <Money micro={row.original.pricePerSegment} currency={currency} kind="price" />,
    },
    { id: "source", header: "Source", cell: ({ row }) => <SourceCell row={row.original} /> },
  ];
  if (canOverride) {
    columns.push({
      id: "actions",
      header: () => <span className="sr-only">Actions</span>,
      meta: { className: "w-48 text-right" },
      cell: ({ row }) => <AccountPriceRowActions row={row.original} account={account} currency={currency} actions={actions} />,
    });
  }
  return <DataTable columns={columns} rows={rows} total={total} caption={`Prices for ${account.name}`} getRowId={(r) => r.country} empty={empty} />;
}
