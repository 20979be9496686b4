import { ArrowUpRight } from "lucide-react";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Card, CardAction, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Money } from "@/components/ui/money";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { describeRechargeFailure } from "./describe-recharge";

export type RechargeEventRow = {
  id: string;
  succeeded: boolean;
  /** micro-units */
  amount: string;
  transferId: string | null;
  reason: string | null;
  createdAt: string;
};

/** The account's latest recharge attempts, made (linked to the ledger) and failed (with the reason). */
export function RechargeHistory({ accountId, currency, events, emptyText }: {
  accountId: number;
  currency: string;
  events: RechargeEventRow[];
  emptyText: string;
}) {
  const ledger = `/accounts/${accountId}/ledger?kind=auto_recharge`;
  return (
    <Card role="region" aria-labelledby="recharge-history-title">
      <CardHeader>
        <CardTitle id="recharge-history-title" className="text-base">Recharge history</CardTitle>
        <CardDescription>The latest auto-recharges of this account, made and failed.</CardDescription>
        <CardAction>
          <Link href={ledger} className="inline-flex items-center gap-1 text-sm font-medium text-primary hover:underline">
            Open in the ledger <ArrowUpRight className="size-3.5" aria-hidden />
          </Link>
        </CardAction>
      </CardHeader>
      <CardContent>
        {events.length === 0 ? (
          <p className="rounded-md border border-dashed p-6 text-center text-sm text-muted-foreground">{emptyText}</p>
        ) : (
          <Table>
            <caption className="sr-only">Recharge history</caption>
            <TableHeader>
              <TableRow>
                <TableHead scope="col">Time (UTC)</TableHead>
                <TableHead scope="col">Result</TableHead>
                <TableHead scope="col" className="text-right">Amount</TableHead>
                <TableHead scope="col">Details</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {events.map((e) => {
                const day = e.createdAt.slice(0, 10);
                return (
                  <TableRow key={e.id}>
                    <TableCell><time dateTime={e.createdAt} className="whitespace-nowrap tabular-nums">{e.createdAt.slice(0, 19).replace("T", " ")}</time></TableCell>
                    <TableCell>{e.succeeded ? <Badge variant="success">Made</Badge> : <Badge variant="destructive">Failed</Badge>}</TableCell>
                    <TableCell className={e.succeeded ? "text-right font-medium tabular-nums text-success" : "text-right tabular-nums text-muted-foreground"}>
                      {e.succeeded ? "+" : ""}<Money micro={e.amount} currency={currency} />
                    </TableCell>
                    <TableCell className="whitespace-normal">
                      {e.succeeded ? (
                        <Link href={`${ledger}&from=${day}&to=${day}`} className="text-primary hover:underline">Transfer #{e.transferId} in the ledger</Link>
                      ) : (
                        <span>{describeRechargeFailure(e.reason)}</span>
                      )}
                    </TableCell>
                  </TableRow>
                );
              })}
            </TableBody>
          </Table>
        )}
      </CardContent>
    </Card>
  );
}
