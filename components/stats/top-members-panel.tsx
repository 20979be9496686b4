import Link from "next/link";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Money } from "@/components/ui/money";
import type { MemberStats } from "@/lib/domain/stats/queries";
import { formatCount, formatPercent } from "./chart-scale";

/** The members that spent most over the range, each with its subtree rolled up, linked to its statistics. */
export function TopMembersPanel({ members, currency, statisticsHref }: { members: MemberStats[]; currency: string; statisticsHref: string }) {
  return (
    <Card className="gap-3">
      <CardHeader>
        <CardTitle className="text-base">Top members by spend</CardTitle>
        <CardDescription>Last 30 days, each with its members included</CardDescription>
      </CardHeader>
      <CardContent>
        {members.length === 0 ? (
          <p className="py-4 text-sm text-muted-foreground">No member has sent anything in the last 30 days.</p>
        ) : (
          <ol className="divide-y text-sm" aria-label="Top members by spend">
            {members.map((m, i) => (
              <li key={m.accountId} className="flex items-start gap-3 py-2">
                <span className="w-5 shrink-0 pt-px text-right text-xs text-muted-foreground tabular-nums">{i + 1}</span>
                <span className="min-w-0 flex-1">
                  <Link href={`/accounts/${m.accountId}/statistics`} className="block truncate font-medium hover:underline" title={m.name}>{m.name}</Link>
                  <span className="block truncate text-xs text-muted-foreground tabular-nums">
                    {formatCount(m.messages)} messages{m.isPartner ? " · partner" : ""}
                  </span>
                </span>
                <span className="shrink-0 text-right tabular-nums">
                  <Money micro={m.cost} currency={currency} className="block font-medium" />
                  <span className="block text-xs text-muted-foreground" title="Share of the tree's spend">{formatPercent(m.share)}</span>
                </span>
              </li>
            ))}
          </ol>
        )}
        <Link href={statisticsHref} className="mt-2 inline-block text-sm font-medium text-primary hover:underline">All members&apos; statistics</Link>
      </CardContent>
    </Card>
  );
}
