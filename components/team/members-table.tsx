"use client";

import {
  getCoreRowModel, getExpandedRowModel, useReactTable, type ColumnDef, type ExpandedState,
} from "@tanstack/react-table";
import { ArrowDown, ArrowUp, ArrowUpDown, ChevronDown, ChevronRight } from "lucide-react";
import Link from "next/link";
import { usePathname, useSearchParams } from "next/navigation";
import { useMemo } from "react";
import { Badge } from "@/components/ui/badge";
import { CopyButton } from "@/components/ui/copy-button";
import { Money } from "@/components/ui/money";
import { defaultVisibility, ResponsiveTable, usePersistedColumnVisibility } from "@/components/data-table/responsive-table";
import { AutoRechargeIndicator } from "@/components/recharge/auto-recharge-indicator";
import type { MemberRow } from "@/lib/domain/members/queries";
import { cn } from "@/lib/utils";
import { MemberRowActions, type MemberActions } from "./member-row-actions";
import type { InvoicingOption } from "./member-settings-fields";

type Row = MemberRow & { subRows?: Row[] };

const STATUS_BADGE = { active: "success", suspended: "warning", closed: "outline" } as const;

/**
 * The team page's table. The server has already paged, sorted and filtered (the URL holds that state); sorting
 * and expanding change the URL. A partner row expands into its first members, fetched by the server too.
 */
export function MembersTable({ rows, expanded, sort, currency, parent, canManage, canMoveMoney, invoicingOptions, actions }: {
  rows: MemberRow[];
  expanded: Record<number, MemberRow[]>;
  sort: string;
  currency: string;
  parent: { id: number; name: string; balance: string; prepaid: boolean };
  canManage: boolean;
  canMoveMoney: boolean;
  invoicingOptions: InvoicingOption[];
  actions: MemberActions;
}) {
  const pathname = usePathname();
  const params = useSearchParams();
  const hrefWith = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(params.toString());
    for (const [k, v] of Object.entries(changes)) (v === null ? next.delete(k) : next.set(k, v));
    return `${pathname}?${next.toString()}`;
  };
  const expandedIds = Object.keys(expanded).map(Number);
  const toggleExpandHref = (id: number) => {
    const ids = expandedIds.includes(id) ? expandedIds.filter((x) => x !== id) : [...expandedIds, id];
    return hrefWith({ expand: ids.length ? ids.join(",") : null });
  };

  const data = useMemo<Row[]>(() => rows.map((r) => ({ ...r, subRows: expanded[r.id] })), [rows, expanded]);
  const expandedState = useMemo<ExpandedState>(() => Object.fromEntries(expandedIds.map((id) => [String(id), true])), [expandedIds]);

  const sortHeader = (key: string, label: string) => {
    const active = sort === key || sort === `-${key}`;
    const descending = sort === `-${key}`;
    const Icon = !active ? ArrowUpDown : descending ? ArrowDown : ArrowUp;
    return (
      <Link href={hrefWith({ sort: active && !descending ? `-${key}` : key, page: "1" })} className="inline-flex items-center gap-1 hover:text-foreground"
        aria-label={`Sort by ${label}${active ? (descending ? ", sorted descending" : ", sorted ascending") : ""}`}>
        {label} <Icon className="size-3.5" aria-hidden />
      </Link>
    );
  };

  const columns: ColumnDef<Row, unknown>[] = [
    {
      id: "name",
      header: () => sortHeader("name", "Name"),
      meta: { label: "Name", pin: "left", className: "min-w-[12rem]" },
      cell: ({ row }) => {
        const m = row.original;
        const canExpand = row.depth === 0 && m.isPartner && m.openChildren > 0;
        return (
          <div className="flex items-start gap-1" style={{ paddingLeft: `${row.depth * 1.5}rem` }}>
            {canExpand ? (
              <Link href={toggleExpandHref(m.id)} scroll={false} className="mt-0.5 rounded p-0.5 text-muted-foreground hover:bg-accent"
                aria-expanded={row.getIsExpanded()} aria-label={`${row.getIsExpanded() ? "Collapse" : "Expand"} the members of ${m.name}`}>
                {row.getIsExpanded() ? <ChevronDown className="size-4" aria-hidden /> : <ChevronRight className="size-4" aria-hidden />}
              </Link>
            ) : (
              <span className="inline-block w-5" aria-hidden />
            )}
            <div className="min-w-0">
              <Link href={`/accounts/${m.id}`} className="font-medium hover:underline">{m.name}</Link>
              <div className="truncate text-xs text-muted-foreground">{m.contactEmail ?? `#${m.id}`}</div>
            </div>
          </div>
        );
      },
    },
    {
      id: "apiKey",
      header: "API key",
      // the key is on the member's own API keys page too: here it is a shortcut, chosen from the column menu
      meta: { optional: true, hiddenByDefault: true, card: "skip" },
      cell: ({ row }) =>
        row.original.apiKey ? (
          <span className="flex items-center gap-1">
            <code className="font-mono text-xs whitespace-nowrap">{row.original.apiKey}</code>
            <CopyButton value={row.original.apiKey} label={`API key of ${row.original.name}`} />
          </span>
        ) : (
          <span className="text-xs text-muted-foreground">none</span>
        ),
    },
    {
      id: "balance",
      header: () => sortHeader("balance", "Balance"),
      meta: { label: "Balance", className: "text-right" },
      cell: ({ row }) => <Money micro={row.original.balance} currency={currency} className={cn(BigInt(row.original.balance) < 0n && "text-destructive")} />,
    },
    {
      id: "autoRecharge",
      header: "Auto-recharge",
      meta: { optional: true },
      cell: ({ row }) => <AutoRechargeIndicator accountId={row.original.id} rule={row.original.autoRecharge} currency={currency} />,
    },
    { id: "status", header: () => sortHeader("status", "Status"), meta: { label: "Status" }, cell: ({ row }) => <Badge variant={STATUS_BADGE[row.original.status]}>{row.original.status}</Badge> },
    {
      id: "payment",
      header: "Payment",
      meta: { optional: true },
      cell: ({ row }) => (
        <span className="whitespace-nowrap">
          {row.original.paymentModel}
          {row.original.isPartner ? <Badge variant="secondary" className="ml-2">partner</Badge> : null}
        </span>
      ),
    },
    {
      id: "limit",
      header: "This month",
      meta: { optional: true, className: "text-right" },
      cell: ({ row }) => <MonthlyUsage sent={row.original.messagesThisMonth} limit={row.original.monthlyVolumeLimit} />,
    },
    {
      id: "members",
      header: "Members",
      meta: { optional: true, className: "text-right" },
      cell: ({ row }) =>
        row.original.isPartner ? (
          <Link href={`/accounts/${row.original.id}/team`} className="tabular-nums hover:underline" aria-label={`${row.original.openChildren} members of ${row.original.name}`}>
            {row.original.openChildren}
          </Link>
        ) : (
          <span className="text-muted-foreground" aria-label="not a partner">—</span>
        ),
    },
    {
      id: "actions",
      header: () => <span className="sr-only">Actions</span>,
      meta: { label: "Actions", pin: "right", className: "w-10 text-right" },
      cell: ({ row }) =>
        row.depth === 0 ? (
          <MemberRowActions member={row.original} parent={parent} currency={currency} canManage={canManage} canMoveMoney={canMoveMoney}
            invoicingOptions={invoicingOptions} actions={actions} />
        ) : (
          <Link href={`/accounts/${row.original.parentId}/team`} className="text-xs text-muted-foreground hover:underline">manage</Link>
        ),
    },
  ];

  const [columnVisibility, setColumnVisibility] = usePersistedColumnVisibility("team-members", defaultVisibility(columns));
  const table = useReactTable({
    data,
    columns,
    getRowId: (r) => String(r.id),
    getSubRows: (r) => r.subRows,
    getCoreRowModel: getCoreRowModel(),
    getExpandedRowModel: getExpandedRowModel(),
    state: { expanded: expandedState, columnVisibility },
    onColumnVisibilityChange: setColumnVisibility,
    manualPagination: true,
    manualSorting: true,
    manualFiltering: true,
  });

  return (
    <ResponsiveTable
      table={table}
      caption={`Members of ${parent.name}`}
      empty="No member matches."
      rowProps={(row) => ({ className: row.depth > 0 ? "bg-muted/40" : undefined, "data-testid": `member-row-${row.original.id}` })}
    />
  );
}

/** Messages this month against the monthly limit, with a bar once a limit exists (amber from 80%, red when reached). */
function MonthlyUsage({ sent, limit }: { sent: number; limit: number | null }) {
  const sentText = sent.toLocaleString("en-US");
  if (limit === null) {
    return (
      <span className="tabular-nums whitespace-nowrap" title="No monthly limit">
        {sentText} <span className="text-muted-foreground">/ no limit</span>
      </span>
    );
  }
  const share = Math.min(1, sent / limit);
  const tone = share >= 1 ? "bg-destructive" : share >= 0.8 ? "bg-amber-500" : "bg-primary";
  return (
    <span className="inline-flex flex-col items-end gap-1 whitespace-nowrap">
      <span className="tabular-nums">
        {sentText} <span className="text-muted-foreground">/ {limit.toLocaleString("en-US")}</span>
      </span>
      <span
        role="meter"
        aria-label="Messages this month against the monthly limit"
        aria-valuemin={0}
        aria-valuemax={limit}
        aria-valuenow={sent}
        className="h-1 w-20 overflow-hidden rounded-full bg-muted"
      >
        <span className={`block h-full ${tone}`} style={{ width: `${share * 100}%` }} />
      </span>
    </span>
  );
}
