import type { ReactNode } from "react";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Money } from "@/components/ui/money";
import type { StatsTotals as Totals } from "@/lib/domain/stats/queries";
import { formatCount, formatPercent } from "./chart-scale";

function Figure({ label, value, note, testId }: { label: string; value: ReactNode; note: string; testId: string }) {
  return (
    <Card className="gap-2 py-4">
      <CardHeader className="px-4">
        <CardDescription>{label}</CardDescription>
        <CardTitle className="text-2xl tabular-nums" data-testid={testId}>{value}</CardTitle>
      </CardHeader>
      <CardContent className="px-4 text-xs text-muted-foreground">{note}</CardContent>
    </Card>
  );
}

/** The view's four headline figures. */
export function StatsTotals({ totals, currency, days }: { totals: Totals; currency: string; days: number }) {
  const pending = totals.messages - totals.delivered - totals.failed;
  const perDay = totals.messages / Math.max(1, days);
  return (
    <section aria-label="Totals" className="grid gap-4 sm:grid-cols-2 xl:grid-cols-4">
      <Figure label="Messages" value={formatCount(totals.messages)} testId="total-messages"
        note={days > 1 ? `${perDay.toLocaleString("en-US", { maximumFractionDigits: 1 })} a day on average` : "sent on this day"} />
      <Figure label="Segments" value={formatCount(totals.segments)} testId="total-segments"
        note={totals.messages > 0 ? `${(totals.segments / totals.messages).toLocaleString("en-US", { maximumFractionDigits: 2 })} per message` : "SMS parts billed"} />
      <Figure label="Cost" value={<Money micro={totals.cost} currency={currency} />} testId="total-cost" note="charged, refunds deducted" />
      <Figure label="Delivery rate" value={formatPercent(totals.deliveryRate)} testId="delivery-rate"
        note={totals.messages === 0 ? "nothing sent" : `${formatCount(totals.delivered)} delivered, ${formatCount(totals.failed)} failed${pending > 0 ? `, ${formatCount(pending)} pending` : ""}`} />
    </section>
  );
}
