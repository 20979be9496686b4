import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Money } from "@/components/ui/money";
import type { LedgerLine } from "@/lib/domain/ledger/queries";
import { TRANSFER_KIND_LABELS } from "@/lib/domain/ledger/list-transfers-schema";


/** The last ledger lines of the account and everything below it, linked to the whole ledger. */
export function RecentActivityPanel({ lines, currency, ledgerHref }: { lines: LedgerLine[]; currency: string; ledgerHref: string }) {
  return (
    <Card className="gap-3">
      <CardHeader>
        <CardTitle className="text-base">Recent ledger activity</CardTitle>
        <CardDescription>{lines.length === 0 ? "Transfers" : lines.length === 1 ? "The last transfer" : `The last ${lines.length} transfers`} here and below</CardDescription>
      </CardHeader>
      <CardContent>
        {lines.length === 0 ? (
          <p className="py-4 text-sm text-muted-foreground">No money has moved yet.</p>
        ) : (
          <ul className="divide-y text-sm" aria-label="Recent ledger activity">
            {lines.map((l) => (
              <li key={l.id} className="grid grid-cols-[auto_1fr_auto] items-center gap-x-3 py-1.5">
                <Badge variant="secondary" className="w-24 justify-center">{TRANSFER_KIND_LABELS[l.kind]}</Badge>
                <span className="min-w-0">
                  <span className="block truncate">{l.fromName} <span aria-label="to" className="text-muted-foreground">→</span> {l.toName}</span>
                  <time dateTime={l.createdAt} className="block text-xs text-muted-foreground tabular-nums">{l.createdAt.slice(0, 16).replace("T", " ")} UTC</time>
                </span>
                <Money micro={l.amount} currency={currency} className="text-right font-medium" />
              </li>
            ))}
          </ul>
        )}
        <Link href={ledgerHref} className="mt-2 inline-block text-sm font-medium text-primary hover:underline">Open the ledger</Link>
      </CardContent>
    </Card>
  );
}
