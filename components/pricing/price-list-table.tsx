"use client";

import type { ColumnDef } from "@tanstack/react-table";
import type { ReactNode } from "react";
import { DataTable } from "@/components/data-table/data-table";
import { Money } from "@/components/ui/money";
import type { PriceSort } from "@/lib/domain/pricing/list-prices-schema";
import type { PriceRow } from "@/lib/domain/pricing/queries";
import { PriceListRowActions } from "./price-list-row-actions";
import { SortHeader } from "./sort-header";
import type { RemovePriceAction, SetPriceAction } from "./types";

/** A price list (a tenant's, or a default one), filtered and sorted by the server as the URL says; editable by operators. */
export function PriceListTable({ rows, total, sort, accountId, currency, canEdit, actions, empty }: {
  rows: PriceRow[];
  total: number;
  sort: PriceSort;
  accountId: number;
  currency: string;
  canEdit: boolean;
  /** null where the list is read-only (the tenant's own view of the list its platform sets) */
  actions: { set: SetPriceAction; remove: RemovePriceAction } | null;
  empty: ReactNode;
}) {
  const columns: ColumnDef<PriceRow, unknown>[] = [
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
    {
      id: "overrides",
      header: "Account prices",
      meta: { className: "text-right" },
      cell: ({ row }) =>
        row.original.overrides > 0 ? (
          <span className="tabular-nums">{row.original.overrides}</span>
        ) : (
          <span className="text-muted-foreground" aria-label="none">—</span>
        ),
    },
    {
      id: "updated",
      header: () => <SortHeader sortKey="updated" label="Updated (UTC)" sort={sort} />,
      cell: ({ row }) => (
        <time dateTime={row.original.updatedAt} className="whitespace-nowrap tabular-nums text-muted-foreground">
          {row.original.updatedAt.slice(0, 16).replace("T", " ")}
        </time>
      ),
    },
  ];
  if (canEdit && actions) {
    columns.push({
      id: "actions",
      header: () => <span className="sr-only">Actions</span>,
      meta: { className: "w-44 text-right" },
      cell: ({ row }) => <PriceListRowActions row={row.original} accountId={accountId} currency={currency} actions={actions} />,
    });
  }
  return <DataTable columns={columns} rows={rows} total={total} caption="Price list" getRowId={(r) => r.country} empty={empty} />;
}
