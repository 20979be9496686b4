import type { Metadata } from "next";
import Link from "next/link";
import { requireOperatorPage } from "@/lib/auth/operator-access";
import { platformTotals } from "@/lib/domain/platform/queries";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Money } from "@/components/ui/money";
import { Button } from "@/components/ui/button";
import { DailyChart } from "@/components/stats/daily-chart";

export const metadata: Metadata = { title: "Overview" };

export default async function OperatorOverviewPage() {
  await requireOperatorPage("/operator");
  const totals = await platformTotals();
  const tenantCount = totals.tenants.active + totals.tenants.suspended + totals.tenants.closed;
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">Platform overview</h1>
          <p className="text-sm text-muted-foreground">Every tenant together; money by the currency each tenant keeps.</p>
        </div>
        <Button asChild><Link href="/operator/tenants?new=1">New tenant</Link></Button>
      </div>
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
        <Card className="gap-2">
          <CardHeader><CardDescription>Tenants</CardDescription><CardTitle className="text-3xl tabular-nums">{tenantCount.toLocaleString("en-US")}</CardTitle></CardHeader>
          <CardContent className="text-sm text-muted-foreground">
            {totals.tenants.active} active · {totals.tenants.suspended} suspended · {totals.tenants.closed} closed
          </CardContent>
        </Card>
        <Card className="gap-2">
          <CardHeader><CardDescription>Received this month</CardDescription></CardHeader>
          <CardContent>
            {totals.receivedThisMonth.length === 0 ? (
              <p className="text-sm text-muted-foreground">No payment recorded this month.</p>
            ) : (
              <ul className="space-y-1">
                {totals.receivedThisMonth.map((r) => (
                  <li key={r.currency} className="flex flex-wrap items-baseline gap-x-2">
                    <Money micro={r.amount} currency={r.currency} className="text-2xl font-semibold" />
                    <span className="text-sm text-muted-foreground">{r.payments} payment{r.payments === 1 ? "" : "s"}</span>
                  </li>
                ))}
              </ul>
            )}
          </CardContent>
        </Card>
        <Card className="gap-2 sm:col-span-2 lg:col-span-1">
          <CardHeader><CardDescription>Lowest balances (active tenants)</CardDescription></CardHeader>
          <CardContent>
            {totals.lowestBalances.length === 0 ? (
              <p className="text-sm text-muted-foreground">No active tenant yet.</p>
            ) : (
              <ul className="space-y-1 text-sm">
                {totals.lowestBalances.map((t) => (
                  <li key={t.tenantId} className="flex items-center justify-between gap-3">
                    <Link href={`/operator/tenants/${t.tenantId}`} className="truncate hover:underline">{t.name}</Link>
                    <Money micro={t.balance} currency={t.currency} className={BigInt(t.balance) <= 0n ? "text-destructive" : undefined} />
                  </li>
                ))}
              </ul>
            )}
          </CardContent>
        </Card>
      </div>
      <section aria-labelledby="traffic" className="space-y-3">
        <h2 id="traffic" className="text-lg font-semibold">Messages and spend, last {totals.days} days</h2>
        {totals.daily.length === 0 ? (
          <DailyChart points={[]} currency="EUR" emptyHint="When tenants send messages, their traffic and what it cost them shows here." />
        ) : (
          totals.daily.map((series) => (
            <Card key={series.currency} className="gap-3">
              <CardHeader><CardTitle className="text-base">Tenants billed in {series.currency}</CardTitle></CardHeader>
              <CardContent><DailyChart points={series.points} currency={series.currency} /></CardContent>
            </Card>
          ))
        )}
      </section>
    </div>
  );
}
