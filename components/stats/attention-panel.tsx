import { CircleCheck, Gauge, Wallet } from "lucide-react";
import Link from "next/link";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Money } from "@/components/ui/money";
import type { LowBalanceMember, NearLimitMember } from "@/lib/domain/stats/overview";
import { formatAmount } from "@/lib/money";
import { formatCount } from "./chart-scale";

type List<T> = { rows: T[]; total: number };

function More({ shown, total, href }: { shown: number; total: number; href: string }) {
  if (total <= shown) return null;
  return (
    <p className="mt-1 text-xs text-muted-foreground">
      {formatCount(total - shown)} more: see the <Link href={href} className="font-medium text-primary hover:underline">team page</Link>.
    </p>
  );
}

/** Members that need money or will soon be refused: below their alert (or 1.00 when prepaid without one), or at 80 % of their monthly limit. */
export function AttentionPanel({ lowBalance, nearLimit, currency, teamHref }: {
  lowBalance: List<LowBalanceMember>;
  nearLimit: List<NearLimitMember>;
  currency: string;
  teamHref: string;
}) {
  const fine = lowBalance.total === 0 && nearLimit.total === 0;
  return (
    <Card className="gap-3">
      <CardHeader>
        <CardTitle className="text-base">Needs attention</CardTitle>
        <CardDescription>Low balances and monthly limits, across the whole tree</CardDescription>
      </CardHeader>
      <CardContent className="space-y-4 text-sm">
        {fine ? (
          <p className="flex items-center gap-2 py-2 text-muted-foreground" role="status">
            <CircleCheck className="size-4 text-success" aria-hidden />
            Every member has funds and room under its monthly limit.
          </p>
        ) : null}
        {lowBalance.total > 0 ? (
          <section aria-label="Low balance">
            <h3 className="mb-1 flex items-center gap-1.5 text-xs font-semibold tracking-wide text-muted-foreground uppercase">
              <Wallet className="size-3.5" aria-hidden /> Low balance ({formatCount(lowBalance.total)})
            </h3>
            <ul className="divide-y">
              {lowBalance.rows.map((m) => (
                <li key={m.accountId} className="flex items-baseline justify-between gap-3 py-1.5">
                  <Link href={`/accounts/${m.accountId}`} className="truncate hover:underline">{m.name}</Link>
                  <span className="shrink-0 text-right tabular-nums">
                    <Money micro={m.balance} currency={currency} className="font-medium text-destructive" />
                    <span className="block text-xs text-muted-foreground">
                      {m.alertThreshold !== null ? `alert below ${formatAmount(m.alertThreshold, currency)}` : `prepaid, under ${formatAmount(1_000_000n, currency)}`}
                    </span>
                  </span>
                </li>
              ))}
            </ul>
            <More shown={lowBalance.rows.length} total={lowBalance.total} href={`${teamHref}?sort=balance`} />
          </section>
        ) : null}
        {nearLimit.total > 0 ? (
          <section aria-label="Near the monthly limit">
            <h3 className="mb-1 flex items-center gap-1.5 text-xs font-semibold tracking-wide text-muted-foreground uppercase">
              <Gauge className="size-3.5" aria-hidden /> Near the monthly limit ({formatCount(nearLimit.total)})
            </h3>
            <ul className="divide-y">
              {nearLimit.rows.map((m) => {
                const ratio = m.limit > 0 ? Math.min(1, m.used / m.limit) : 1;
                return (
                  <li key={m.accountId} className="flex items-center justify-between gap-3 py-1.5">
                    <Link href={`/accounts/${m.accountId}`} className="truncate hover:underline">{m.name}</Link>
                    <span className="flex shrink-0 items-center gap-2 tabular-nums">
                      <meter min={0} max={m.limit} value={Math.min(m.used, m.limit)} className="sr-only">{Math.round(ratio * 100)}%</meter>
                      <span aria-hidden className="hidden h-1.5 w-16 overflow-hidden rounded-full bg-muted sm:block">
                        <span className={`block h-full rounded-full ${ratio >= 1 ? "bg-destructive" : "bg-warning"}`} style={{ width: `${ratio * 100}%` }} />
                      </span>
                      <span className="text-xs">{formatCount(m.used)} of {formatCount(m.limit)}</span>
                    </span>
                  </li>
                );
              })}
            </ul>
            <More shown={nearLimit.rows.length} total={nearLimit.total} href={teamHref} />
          </section>
        ) : null}
      </CardContent>
    </Card>
  );
}
