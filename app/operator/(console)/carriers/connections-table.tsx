"use client";

import type { ColumnDef } from "@tanstack/react-table";
import Link from "next/link";
import { DataTable } from "@/components/data-table/data-table";
import type { ConnectionRow } from "@/lib/domain/carriers/queries";
import { ConnectionControls, type ConnectionActions } from "./connection-actions";
import { ConnectionStatusBadge, dateTime, KIND_LABEL, perSecond } from "./connection-status";

const count = (n: number) => <span className="tabular-nums">{n.toLocaleString("en-US")}</span>;
const numeric = { className: "text-right" };

/** The platform's connections with what their owners last reported; the page renders again every few seconds. */
export function ConnectionsTable({ rows, actions }: { rows: ConnectionRow[]; actions: ConnectionActions }) {
  const columns: ColumnDef<ConnectionRow, unknown>[] = [
    {
      id: "name",
      header: "Connection",
      meta: { pin: "left", className: "whitespace-normal" },
      cell: ({ row }) => (
        <div className="max-w-56 min-w-32">
          <Link href={`/operator/carriers/${row.original.id}`} className="font-medium hover:underline">{row.original.name}</Link>
          <div className="truncate text-xs text-muted-foreground" title={row.original.summary[0]}>{row.original.summary[0]}</div>
        </div>
      ),
    },
    { id: "kind", header: "Kind", cell: ({ row }) => <span className="whitespace-nowrap">{KIND_LABEL[row.original.kind]}</span> },
    { id: "status", header: "Status", cell: ({ row }) => <ConnectionStatusBadge connection={row.original} /> },
    { id: "inFlight", header: "In flight", meta: numeric, cell: ({ row }) => count(row.original.state.inFlight) },
    { id: "queue", header: "Queue", meta: numeric, cell: ({ row }) => count(row.original.state.queueDepth) },
    { id: "submits", header: "Sent/s", meta: { ...numeric, label: "Sent per second" }, cell: ({ row }) => <span className="tabular-nums">{perSecond(row.original.state.submitsLastMinute)}</span> },
    { id: "receipts", header: "Receipts/s", meta: { ...numeric, label: "Receipts per second" }, cell: ({ row }) => <span className="tabular-nums">{perSecond(row.original.state.receiptsLastMinute)}</span> },
    { id: "resubmissions", header: "Resent", meta: { ...numeric, label: "Resubmissions" }, cell: ({ row }) => count(row.original.state.resubmissions) },
    {
      id: "lastError",
      header: "Last error",
      meta: { card: "wide", className: "whitespace-normal" },
      cell: ({ row }) => {
        const { lastError, lastErrorAt } = row.original.state;
        if (!lastError) return <span className="text-muted-foreground">none</span>;
        return (
          <div className="max-w-64 min-w-40">
            <div className="line-clamp-2 text-sm break-words" title={lastError}>{lastError}</div>
            {lastErrorAt ? <time dateTime={lastErrorAt} className="text-xs text-muted-foreground">{dateTime.format(new Date(lastErrorAt))} UTC</time> : null}
          </div>
        );
      },
    },
    { id: "actions", header: () => <span className="sr-only">Actions</span>, meta: { pin: "right", label: "Actions" }, cell: ({ row }) => <ConnectionControls connection={row.original} actions={actions} layout="menu" /> },
  ];
  return (
    <DataTable
      columns={columns}
      rows={rows}
      total={rows.length}
      caption="Carrier connections"
      getRowId={(r) => String(r.id)}
      empty={<p>No connection: add one.</p>}
    />
  );
}
