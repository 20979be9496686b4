"use client";

import type { ColumnDef } from "@tanstack/react-table";
import { ArrowDown, ArrowUp, ArrowUpDown } from "lucide-react";
import Link from "next/link";
import { DataTable } from "@/components/data-table/data-table";
import { Badge } from "@/components/ui/badge";
import { Money } from "@/components/ui/money";
import { formatCount, formatPercent } from "./chart-scale";
import { ShareBar } from "./share-bar";

/** A row of the per-member table as the server hands it to the browser: money as a string of micro-units. */
export type MemberStatsRow = {
  accountId: number;
  name: string;
  isSelf: boolean;
  isPartner: boolean;
  messages: number;
  segments: number;
  cost: string;
  delivered: number;
  failed: number;
  deliveryRate: number | null;
  share: number;
};

export type MemberSortColumn = "name" | "messages" | "segments" | "cost" | "delivery";

/**
 * Each direct member of the view with its subtree rolled up, plus the account's own traffic: one server-rendered
 * page, sorted on the server. A header is a link to the next sort order (`sortHref`, built from the URL).
 */
export function MemberStatsTable({ rows, total, currency, sort, sortHref, memberSearch }: {
  rows: MemberStatsRow[];
  total: number;
  currency: string;
  sort: { column: MemberSortColumn; descending: boolean };
  /** per column, the URL its header leads to */
  sortHref: Record<MemberSortColumn, string>;
  /** the range part of the URL, carried into a member's own statistics */
  memberSearch: string;
}) {
  const header = (column: MemberSortColumn, label: string, align: "left" | "right" = "right") => {
    const active = sort.column === column;
    const Icon = !active ? ArrowUpDown : sort.descending ? ArrowDown : ArrowUp;
    return (
      <Link href={sortHref[column]} scroll={false} className={`inline-flex items-center gap-1 hover:text-foreground ${align === "right" ? "flex-row-reverse" : ""}`}
        aria-label={`Sort by ${label.toLowerCase()}${active ? (sort.descending ? ", sorted descending" : ", sorted ascending") : ""}`}>
        {label} <Icon className="size-3.5" aria-hidden />
      </Link>
    );
  };

  const columns: ColumnDef<MemberStatsRow, unknown>[] = [
    {
      id: "member",
      header: () => header("name", "Member", "left"),
      meta: { className: "w-full" },
      cell: ({ row: { original: r } }) => (
        <span className="flex min-w-[10rem] flex-wrap items-center gap-2 whitespace-normal">
          {r.isSelf ? (
            <span>{r.name} <span className="text-muted-foreground">(own traffic)</span></span>
          ) : (
            <Link href={`/accounts/${r.accountId}/statistics${memberSearch ? `?${memberSearch}` : ""}`} className="font-medium hover:underline">{r.name}</Link>
          )}
          {r.isPartner && !r.isSelf ? <Badge variant="secondary" title="Partner: its row includes the members below it">partner</Badge> : null}
        </span>
      ),
    },
    { id: "messages", header: () => header("messages", "Messages"), meta: { className: "text-right" }, cell: ({ row }) => <span className="tabular-nums">{formatCount(row.original.messages)}</span> },
    { id: "segments", header: () => header("segments", "Segments"), meta: { className: "text-right" }, cell: ({ row }) => <span className="tabular-nums">{formatCount(row.original.segments)}</span> },
    {
      id: "cost",
      header: () => header("cost", "Cost"),
      meta: { className: "text-right" },
      cell: ({ row }) => <Money micro={row.original.cost} currency={currency} />,
    },
    {
      id: "delivery",
      header: () => header("delivery", "Delivered"),
      meta: { className: "text-right" },
      cell: ({ row }) => (
        <span className="tabular-nums" title={`${formatCount(row.original.delivered)} delivered, ${formatCount(row.original.failed)} failed`}>
          {formatPercent(row.original.deliveryRate)}
        </span>
      ),
    },
    {
      id: "share",
      header: () => <span title="Share of the view's cost">Share of cost</span>,
      meta: { className: "text-right" },
      cell: ({ row }) => <ShareBar ratio={row.original.share} />,
    },
  ];

  return (
    <DataTable
      columns={columns}
      rows={rows}
      total={total}
      caption="Statistics per member"
      getRowId={(r) => `${r.isSelf ? "self" : "member"}-${r.accountId}`}
      empty={<span>No member sent anything in this range.</span>}
    />
  );
}
