"use client";

import type { ColumnDef } from "@tanstack/react-table";
import Link from "next/link";
import { DataTable } from "@/components/data-table/data-table";
import { Badge } from "@/components/ui/badge";
import type { LedgerLine } from "@/lib/domain/ledger/queries";
import { formatMoney } from "@/lib/money";
import { cn } from "@/lib/utils";

const KIND_LABEL: Record<LedgerLine["kind"], string> = {
  topup: "Funds added",
  credit: "Credit",
  debit: "Debit",
  charge: "Charge",
  refund: "Refund",
  auto_recharge: "Auto-recharge",
  sweep: "Sweep",
};

function AccountCell({ id, name, isCustomer }: { id: number; name: string; isCustomer: boolean }) {
  return isCustomer ? <Link href={`/accounts/${id}/ledger`} className="hover:underline">{name}</Link> : <span className="text-muted-foreground">{name}</span>;
}

export function LedgerTable({ rows, total, currency, subtree }: { rows: LedgerLine[]; total: number; currency: string; subtree: boolean }) {
  const money = (micro: string) => formatMoney(BigInt(micro), currency);
  const columns: ColumnDef<LedgerLine, unknown>[] = [
    {
      id: "date",
      header: "Date (UTC)",
      cell: ({ row }) => <time dateTime={row.original.createdAt} className="whitespace-nowrap tabular-nums">{row.original.createdAt.slice(0, 19).replace("T", " ")}</time>,
    },
    { id: "kind", header: "Kind", cell: ({ row }) => <Badge variant="secondary">{KIND_LABEL[row.original.kind]}</Badge> },
    {
      id: "from",
      header: "From",
      cell: ({ row }) => <AccountCell id={row.original.fromAccountId} name={row.original.fromName} isCustomer={!/^(Funding|Usage) \(/.test(row.original.fromName)} />,
    },
    {
      id: "to",
      header: "To",
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
          meta: { className: "text-right" },
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
          meta: { className: "text-right" },
          cell: ({ row }) => <span className="tabular-nums">{row.original.balanceAfter === null ? "—" : money(row.original.balanceAfter)}</span>,
        },
    { id: "actor", header: "By", cell: ({ row }) => row.original.actor },
    { id: "memo", header: "Memo", cell: ({ row }) => <span className="line-clamp-2 max-w-[16rem] text-muted-foreground">{row.original.memo ?? ""}</span> },
  ];
  return (
    <DataTable
      columns={columns}
      rows={rows}
      total={total}
      caption="Ledger transfers"
      getRowId={(r) => r.id}
      empty={<span>No transfers match these filters.</span>}
    />
  );
}
