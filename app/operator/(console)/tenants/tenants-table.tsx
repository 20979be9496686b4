"use client";

import type { ColumnDef } from "@tanstack/react-table";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { DataTable } from "@/components/data-table/data-table";
import { UrlSortHeader } from "@/components/data-table/url-sort-header";
import { Money } from "@/components/ui/money";
import type { TenantRow } from "@/lib/domain/platform/queries";

const STATUS_BADGE = { active: "success", suspended: "warning", closed: "outline" } as const;
const dateFormat = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeZone: "UTC" });

/** The tenants, one server-rendered page: search, filters, sort and paging live in the URL. */
export function TenantsTable({ rows, total, sort, empty }: { rows: TenantRow[]; total: number; sort: string; empty: React.ReactNode }) {
  const columns: ColumnDef<TenantRow, unknown>[] = [
    {
      id: "name",
      header: () => <UrlSortHeader sortKey="name" label="Tenant" sort={sort} />,
      cell: ({ row }) => (
        <div className="min-w-40">
          <Link href={`/operator/tenants/${row.original.tenantId}`} className="font-medium hover:underline">{row.original.name}</Link>
          <div className="text-xs text-muted-foreground">#{row.original.tenantId} · {row.original.currency}</div>
        </div>
      ),
    },
    {
      id: "owner",
      header: "Owner",
      cell: ({ row }) => {
        const owner = row.original.owner;
        if (!owner) return <span className="text-muted-foreground">none</span>;
        return (
          <div className="max-w-56">
            <div className="truncate" title={owner.email}>{owner.name ?? owner.email}</div>
            <div className="truncate text-xs text-muted-foreground">{owner.pending ? "invited, not joined yet" : owner.email}</div>
          </div>
        );
      },
    },
    { id: "status", header: "Status", cell: ({ row }) => <Badge variant={STATUS_BADGE[row.original.status]}>{row.original.status}</Badge> },
    {
      id: "balance",
      header: () => <UrlSortHeader sortKey="balance" label="Master balance" sort={sort} />,
      meta: { className: "text-right" },
      cell: ({ row }) => <Money micro={row.original.balance} currency={row.original.currency} />,
    },
    {
      id: "spend",
      header: () => <UrlSortHeader sortKey="spend" label="Spend this month" sort={sort} firstDescending />,
      meta: { className: "text-right" },
      cell: ({ row }) => <Money micro={row.original.spendThisMonth} currency={row.original.currency} />,
    },
    {
      id: "messages",
      header: () => <UrlSortHeader sortKey="messages" label="Messages this month" sort={sort} firstDescending />,
      meta: { className: "text-right" },
      cell: ({ row }) => <span className="tabular-nums">{row.original.messagesThisMonth.toLocaleString("en-US")}</span>,
    },
    {
      id: "created",
      header: () => <UrlSortHeader sortKey="created" label="Created" sort={sort} firstDescending />,
      cell: ({ row }) => <time dateTime={row.original.createdAt} className="whitespace-nowrap">{dateFormat.format(new Date(row.original.createdAt))}</time>,
    },
  ];
  return <DataTable columns={columns} rows={rows} total={total} caption="Tenants" empty={empty} getRowId={(r) => String(r.tenantId)} />;
}
