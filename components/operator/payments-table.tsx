"use client";

import type { ColumnDef } from "@tanstack/react-table";
import Link from "next/link";
import type { ReactNode } from "react";
import { DataTable } from "@/components/data-table/data-table";
import { Money } from "@/components/ui/money";
import type { PaymentRow } from "@/lib/domain/platform/queries";

const dateTime = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

/** Payments recorded by the operators, newest first (one server-rendered page). */
export function PaymentsTable({ rows, total, showTenant, empty }: { rows: PaymentRow[]; total: number; showTenant: boolean; empty: ReactNode }) {
  const columns: ColumnDef<PaymentRow, unknown>[] = [
    { id: "when", header: "Recorded (UTC)", cell: ({ row }) => <time dateTime={row.original.createdAt} className="whitespace-nowrap">{dateTime.format(new Date(row.original.createdAt))}</time> },
    ...(showTenant
      ? [{ id: "tenant", header: "Tenant", cell: ({ row }) => <Link href={`/operator/tenants/${row.original.tenantId}`} className="font-medium hover:underline">{row.original.tenantName}</Link> } satisfies ColumnDef<PaymentRow, unknown>]
      : []),
    {
      id: "amount",
      header: "Amount",
      meta: { className: "text-right" },
      cell: ({ row }) => <Money micro={row.original.amount} currency={row.original.currency} className="font-medium" />,
    },
    { id: "reference", header: "Reference", cell: ({ row }) => <span className="break-all">{row.original.reference}</span> },
    { id: "memo", header: "Memo", cell: ({ row }) => row.original.memo ?? <span className="text-muted-foreground">—</span> },
    { id: "by", header: "Recorded by", cell: ({ row }) => row.original.recordedBy },
  ];
  return <DataTable columns={columns} rows={rows} total={total} caption="Payments" empty={empty} getRowId={(r) => `${r.tenantId}:${r.transferId}`} />;
}
