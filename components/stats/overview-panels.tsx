import Link from "next/link";
import { Suspense } from "react";
import { Card, CardAction, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import type { DomainContext } from "@/lib/domain/context";
import { getOverviewPanels } from "@/lib/domain/stats/overview";
import { AccruedCard } from "./accrued-card";
import { AttentionPanel } from "./attention-panel";
import { DailyChart } from "./daily-chart";
import { RecentActivityPanel } from "./recent-activity-panel";
import { TopMembersPanel } from "./top-members-panel";
import { toDailyPointDto } from "./types";

type Props = { ctx: Pick<DomainContext, "tenantId" | "accountId" | "currency">; accountId: number };

const monthName = (now: Date) => new Intl.DateTimeFormat("en-GB", { timeZone: "UTC", month: "long", year: "numeric" }).format(now);

async function Panels({ ctx, accountId }: Props) {
  const now = new Date();
  const panels = await getOverviewPanels(ctx, accountId, now);
  const base = `/accounts/${accountId}`;
  return (
    <section aria-label="Activity" className="space-y-4">
      <div className="grid gap-4 lg:grid-cols-3">
        <Card className="gap-4 lg:col-span-2">
          <CardHeader>
            <CardTitle className="text-base">Spend and messages per day</CardTitle>
            <CardDescription>Last 30 days, this account and every member below it</CardDescription>
            <CardAction>
              <Link href={`${base}/statistics`} className="text-sm font-medium text-primary hover:underline">Statistics</Link>
            </CardAction>
          </CardHeader>
          <CardContent className="flex-1">
            <DailyChart points={panels.series.map(toDailyPointDto)} currency={ctx.currency} height={260} fill
              emptyHint="Nothing was sent in the last 30 days: messages show here as soon as they go out." />
          </CardContent>
        </Card>
        <div className="space-y-4">
          {panels.accruedThisMonth !== null ? <AccruedCard amount={panels.accruedThisMonth} currency={ctx.currency} month={monthName(now)} /> : null}
          <TopMembersPanel members={panels.topMembers} currency={ctx.currency} statisticsHref={`${base}/statistics`} />
        </div>
      </div>
      <div className="grid gap-4 lg:grid-cols-2">
        <AttentionPanel lowBalance={panels.lowBalance} nearLimit={panels.nearLimit} currency={ctx.currency} teamHref={`${base}/team`} />
        <RecentActivityPanel lines={panels.recent} currency={ctx.currency} ledgerHref={`${base}/ledger?scope=subtree`} />
      </div>
    </section>
  );
}

function PanelsSkeleton() {
  return (
    <div className="space-y-4" aria-busy="true" aria-label="Loading activity">
      <div className="grid gap-4 lg:grid-cols-3">
        <Skeleton className="h-80 lg:col-span-2" />
        <Skeleton className="h-80" />
      </div>
      <div className="grid gap-4 lg:grid-cols-2">
        <Skeleton className="h-56" />
        <Skeleton className="h-56" />
      </div>
    </div>
  );
}

/**
 * The Overview page's activity panels: spend and messages per day (30 days), top members, members that need
 * money or are near their limit, recent ledger lines and, for a postpaid tree, what accrued this month. Streams
 * in behind a skeleton, so the page's own cards never wait for it. The caller has checked access (`ctx`).
 */
export function OverviewPanels({ ctx, accountId }: Props) {
  return (
    <Suspense fallback={<PanelsSkeleton />}>
      <Panels ctx={ctx} accountId={accountId} />
    </Suspense>
  );
}
