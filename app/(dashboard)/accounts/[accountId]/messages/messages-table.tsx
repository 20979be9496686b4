"use client";

import type { ColumnDef } from "@tanstack/react-table";
import { ArrowDown, ArrowUp, ArrowUpDown, ChevronRight } from "lucide-react";
import Link from "next/link";
import { DataTable } from "@/components/data-table/data-table";
import { countryName } from "@/components/messages/country-name";
import { MessageStatusBadge } from "@/components/messages/message-status-badge";
import { Money } from "@/components/ui/money";
import type { ListMessagesQuery, MESSAGE_STATUSES } from "@/lib/domain/messaging/list-messages-schema";

/** One line of the log as the page hands it to the browser: bigint and dates as strings. */
export type MessageListItem = {
  id: string;
  createdAt: string;
  accountId: number;
  accountName: string;
  recipient: string;
  country: string;
  senderId: string;
  body: string;
  segments: number;
  price: string;
  isRefunded: boolean;
  status: (typeof MESSAGE_STATUSES)[number];
};

type Sort = ListMessagesQuery["sort"];

/**
 * The message log: one server-rendered page (the URL holds filters, sort and page). Sorting is a link that
 * rewrites `sort` and goes back to page 1; `hrefFor` builds it from the parsed view.
 */
export function MessagesTable({ rows, total, currency, sort, hrefFor, basePath, back }: {
  rows: MessageListItem[];
  total: number;
  currency: string;
  sort: Sort;
  /** the list URL for a sort order: the current filters, page 1 */
  hrefFor: Record<Sort, string>;
  basePath: string;
  /** the current view's search string: a detail page's back link returns to it */
  back: string;
}) {
  const detailHref = (id: string) => `${basePath}/${id}${back ? `?back=${encodeURIComponent(back)}` : ""}`;
  const sortHeader = (label: string, ascending: Sort, descending: Sort, firstClick: Sort) => {
    const state = sort === ascending ? "ascending" : sort === descending ? "descending" : null;
    const Icon = state === null ? ArrowUpDown : state === "descending" ? ArrowDown : ArrowUp;
    const next = state === null ? firstClick : state === "descending" ? ascending : descending;
    return (
      <Link href={hrefFor[next]} className="inline-flex items-center gap-1 hover:text-foreground"
        aria-label={`Sort by ${label.toLowerCase()}${state ? `, sorted ${state}` : ""}`}>
        {label} <Icon className="size-3.5" aria-hidden />
      </Link>
    );
  };

  const columns: ColumnDef<MessageListItem, unknown>[] = [
    {
      id: "time",
      header: () => sortHeader("Time (UTC)", "oldest", "newest", "newest"),
      cell: ({ row }) => (
        <time dateTime={row.original.createdAt} className="block whitespace-nowrap tabular-nums">
          {row.original.createdAt.slice(0, 10)}
          <span className="block text-xs text-muted-foreground">{row.original.createdAt.slice(11, 19)}</span>
        </time>
      ),
    },
    {
      id: "member",
      header: "Member",
      cell: ({ row }) => (
        <Link href={`/accounts/${row.original.accountId}/messages`} className="line-clamp-2 max-w-[9rem] min-w-[6rem] whitespace-normal hover:underline">
          {row.original.accountName}
        </Link>
      ),
    },
    {
      // the country comes from the number, so it sits under it: one column less keeps the text readable
      id: "recipient",
      header: "Recipient",
      cell: ({ row }) => (
        <>
          <span className="block whitespace-nowrap tabular-nums">{row.original.recipient}</span>
          <span className="block text-xs whitespace-nowrap text-muted-foreground">
            {countryName(row.original.country)} ({row.original.country})
          </span>
        </>
      ),
    },
    { id: "sender", header: "Sender ID", cell: ({ row }) => <span className="whitespace-nowrap">{row.original.senderId}</span> },
    {
      id: "text",
      header: "Text",
      meta: { className: "w-full min-w-[10rem]" },
      cell: ({ row }) => (
        <span className="line-clamp-2 wrap-anywhere whitespace-normal" title={row.original.body}>{row.original.body}</span>
      ),
    },
    {
      id: "segments",
      header: () => <span title="SMS parts the text was split into">Segments</span>,
      meta: { className: "text-right" },
      cell: ({ row }) => <span className="tabular-nums">{row.original.segments}</span>,
    },
    {
      id: "price",
      header: () => sortHeader("Price", "price_asc", "price_desc", "price_desc"),
      meta: { className: "text-right" },
      cell: ({ row }) => (
        <span className="whitespace-nowrap tabular-nums">
          <Money micro={row.original.price} currency={currency} />
          {row.original.isRefunded ? <span className="block text-xs text-muted-foreground">refunded</span> : null}
        </span>
      ),
    },
    { id: "status", header: "Status", cell: ({ row }) => <MessageStatusBadge status={row.original.status} /> },
    {
      id: "open",
      header: () => <span className="sr-only">Details</span>,
      cell: ({ row }) => (
        <Link href={detailHref(row.original.id)} className="inline-flex items-center rounded-md p-1 text-muted-foreground hover:bg-accent hover:text-accent-foreground"
          aria-label={`View message ${row.original.id}`}>
          <ChevronRight className="size-4" aria-hidden />
        </Link>
      ),
    },
  ];

  return (
    <DataTable
      columns={columns}
      rows={rows}
      total={total}
      caption="Messages"
      getRowId={(r) => r.id}
      empty={<span>Nothing on this page. <Link href={hrefFor[sort]} className="text-primary hover:underline">Go to the first page</Link>.</span>}
    />
  );
}
