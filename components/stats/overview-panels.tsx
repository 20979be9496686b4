import Link from "next/link";
import { Suspense } from "react";
import { Card, CardAction, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import type { DomainContext } from "@/lib/domain/context";
import { getOverviewPanels } from "@/lib/domain/stats/overview";
import { cn } from "@/lib/utils";
import { AccruedCard } from "./accrued-card";
import { AttentionPanel } from "./attention-panel";
import { DailyChart } from "./daily-chart";
import { RecentActivityPanel } from "./recent-activity-panel";
import { TopMembersPanel } from "./top-members-panel";
import { toDailyPointDto } from "./types";

type Props = {
  ctx: Pick<DomainContext, "tenantId" | "accountId" | "currency">;
  accountId: number;
  /** the master or a partner: an account that can have members (a leaf shows no member panels) */
  hasMembers: boolean;
};

const monthName = (now: Date) => new Intl.DateTimeFormat("en-GB", { timeZone: "UTC", month: "long", year: "numeric" }).format(now);

async function Panels({ ctx, accountId, hasMembers }: Props) {
  const now = new Date();
  const panels = await getOverviewPanels(ctx, accountId, now);
  const base = `/accounts/${accountId}`;
  return (
    <section aria-label="Activity" className="space-y-4">
      <div className="grid gap-4 lg:grid-cols-3">
        <Card className={cn("gap-4", hasMembers || panels.accruedThisMonth !== null ? "lg:col-span-2" : "lg:col-span-3")}>
          <CardHeader>
            <CardTitle className="text-base">Spend and messages per day</CardTitle>
            <CardDescription>{hasMembers ? "Last 30 days, this account and every member below it" : "Last 30 days"}</CardDescription>
            <CardAction>
              <Link href={`${base}/statistics`} className="text-sm font-medium text-primary hover:underline">Statistics</Link>
            </CardAction>
          </CardHeader>
          <CardContent className="flex-1">
            <DailyChart points={panels.series.map(toDailyPointDto)} currency={ctx.currency} height={260} fill
              emptyHint="Nothing was sent in the last 30 days: messages show here as soon as they go out." />
          </CardContent>
        </Card>
        {hasMembers || panels.accruedThisMonth !== null ? (
          <div className="space-y-4">
            {panels.accruedThisMonth !== null ? <AccruedCard amount={panels.accruedThisMonth} currency={ctx.currency} month={monthName(now)} /> : null}
            {hasMembers ? <TopMembersPanel members={panels.topMembers} currency={ctx.currency} statisticsHref={`${base}/statistics`} /> : null}
          </div>
        ) : null}
      </div>
      <div className={cn("grid gap-4", hasMembers && "lg:grid-cols-2")}>
        {hasMembers ? <AttentionPanel lowBalance={panels.lowBalance} nearLimit={panels.nearLimit} currency={ctx.currency} teamHref={`${base}/team`} /> : null}
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
 * The Overview page's activity panels: spend and messages per day (30 days), and where the account can have
 * members, the top members and the members that need money or are near their limit; recent ledger lines and, for a postpaid tree, what accrued this month. Streams
 * in behind a skeleton, so the page's own cards never wait for it. The caller has checked access (`ctx`).
 */
export function OverviewPanels(props: Props) {
  return (
    <Suspense fallback={<PanelsSkeleton />}>
      <Panels {...props} />
    </Suspense>
  );
}
