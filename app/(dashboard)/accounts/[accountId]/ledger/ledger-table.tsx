"use client";

import type { ColumnDef } from "@tanstack/react-table";
import Link from "next/link";
import { DataTable } from "@/components/data-table/data-table";
import { Badge } from "@/components/ui/badge";
import { Money } from "@/components/ui/money";
import type { LedgerLine } from "@/lib/domain/ledger/queries";
import { TRANSFER_KIND_LABELS } from "@/lib/domain/ledger/list-transfers-schema";
import { cn } from "@/lib/utils";

function AccountCell({ id, name, isCustomer }: { id: number; name: string; isCustomer: boolean }) {
  return isCustomer ? <Link href={`/accounts/${id}/ledger`} className="hover:underline">{name}</Link> : <span className="text-muted-foreground">{name}</span>;
}

export function LedgerTable({ rows, total, currency, subtree }: { rows: LedgerLine[]; total: number; currency: string; subtree: boolean }) {
  const money = (micro: string) => <Money micro={micro} currency={currency} />;
  const columns: ColumnDef<LedgerLine, unknown>[] = [
    {
      id: "date",
      header: "Date (UTC)",
      meta: { pin: "left" },
      cell: ({ row }) => (
        <time dateTime={row.original.createdAt} className="block whitespace-nowrap tabular-nums">
          {row.original.createdAt.slice(0, 10)}
          <span className="block text-xs text-muted-foreground">{row.original.createdAt.slice(11, 19)}</span>
        </time>
      ),
    },
    { id: "kind", header: "Kind", cell: ({ row }) => <Badge variant="secondary">{TRANSFER_KIND_LABELS[row.original.kind]}</Badge> },
    {
      id: "from",
      header: "From",
      // names wrap rather than widen the table (a long member name must not push the memo out of view)
      meta: { className: "min-w-[7rem] whitespace-normal break-words" },
      cell: ({ row }) => <AccountCell id={row.original.fromAccountId} name={row.original.fromName} isCustomer={!/^(Funding|Usage) \(/.test(row.original.fromName)} />,
    },
    {
      id: "to",
      header: "To",
      meta: { className: "min-w-[7rem] whitespace-normal break-words" },
      cell: ({ row }) => <AccountCell id={row.original.toAccountId} name={row.original.toName} isCustomer={!/^(Funding|Usage) \(/.test(row.original.toName)} />,
    },
    {
      id: "amount",
      header: "Amount",
      meta: { className: "text-right" },
      cell: ({ row }) => {
        const signed = row.original.signedAmount;
        if (subtree || signed === null) return <span className="tabular-nums">{money(row.original.amount)}</span>;
        const negative = signed.startsWith("-");
        return <span className={cn("tabular-nums font-medium", negative ? "text-destructive" : "text-success")}>{negative ? "−" : "+"}{money(negative ? signed.slice(1) : signed)}</span>;
      },
    },
    subtree
      ? {
          id: "balances",
          header: "Balances after",
          meta: { optional: true, className: "text-right" },
          cell: ({ row }) => (
            <span className="block text-xs tabular-nums text-muted-foreground">
              <span className="block">from: {money(row.original.fromBalanceAfter)}</span>
              <span className="block">to: {money(row.original.toBalanceAfter)}</span>
            </span>
          ),
        }
      : {
          id: "balance",
          header: "Balance after",
          meta: { optional: true, className: "text-right" },
          cell: ({ row }) => <span className="tabular-nums">{row.original.balanceAfter === null ? "—" : money(row.original.balanceAfter)}</span>,
        },
    // over a subtree the from/to names and both balances take the room: who did it is one click away
    { id: "actor", header: "By", meta: { optional: true, hiddenByDefault: subtree, className: "min-w-[6rem] whitespace-normal" }, cell: ({ row }) => row.original.actor },
    {
      id: "memo",
      header: "Memo",
      // a memo wraps (up to 200 characters); three lines show, the rest is in its tooltip
      meta: { optional: true, className: "min-w-[10rem] max-w-[16rem] whitespace-normal" },
      cell: ({ row }) => <span className="line-clamp-3 break-words text-muted-foreground" title={row.original.memo ?? undefined}>{row.original.memo ?? ""}</span>,
    },
  ];
  return (
    <DataTable
      columns={columns}
      rows={rows}
      total={total}
      caption="Ledger transfers"
      tableId={subtree ? "ledger-subtree" : "ledger"}
      getRowId={(r) => r.id}
      empty={<span>No transfers match these filters.</span>}
    />
  );
}
