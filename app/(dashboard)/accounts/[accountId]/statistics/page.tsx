import { Download } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requirePageAccess } from "@/lib/auth/access";
import { listBreadcrumbs } from "@/lib/domain/accounts/queries";
import { listMemberOptions } from "@/lib/domain/ledger/queries";
import { getCountryBreakdown, getDailySeries, listMemberStats, getStatsTotals, getStatusBreakdown } from "@/lib/domain/stats/queries";
import { rangeCorrection, resolveRange, type RangePreset } from "@/lib/domain/stats/stats-query-schema";
import { UrlPagination } from "@/components/data-table/url-pagination";
import { rangeLabel } from "@/components/stats/chart-scale";
import { CountryBreakdown } from "@/components/stats/country-breakdown";
import { DailyChart } from "@/components/stats/daily-chart";
import { MemberStatsTable, type MemberSortColumn, type MemberStatsRow } from "@/components/stats/member-stats-table";
import { StatsTotals } from "@/components/stats/stats-totals";
import { StatusBreakdown } from "@/components/stats/status-breakdown";
import { toDailyPointDto } from "@/components/stats/types";
import { Button } from "@/components/ui/button";
import { Card, CardAction, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { StatisticsFilters } from "./statistics-filters";
import {
  MEMBER_PAGE_SIZES,
  MEMBER_SORT_KEYS,
  parseStatisticsQuery,
  memberStatsSortOf,
  statisticsHref,
  statisticsPath,
  statisticsSearch,
  type MemberSort,
} from "./statistics-url";

export const metadata: Metadata = { title: "Statistics" };

const PRESETS = ["today", "7d", "30d", "this_month", "last_month"] as const satisfies readonly Exclude<RangePreset, "custom">[];

export default async function StatisticsPage({ params, searchParams }: PageProps<"/accounts/[accountId]/statistics">) {
  const accountId = Number((await params).accountId);
  const basePath = statisticsPath(accountId);
  const { ctx } = await requirePageAccess(accountId, "viewer", basePath);
  const query = parseStatisticsQuery(await searchParams);
  const range = resolveRange(query);
  const memberId = query.member === accountId ? undefined : query.member;

  // the chain from the viewer's account down to the member proves the member lies below the viewed account
  const chain = await listBreadcrumbs(ctx, memberId ?? accountId);
  const account = chain.find((c) => c.id === accountId);
  if (!account) notFound();
  const member = memberId ? chain.at(-1)! : null;
  const viewRoot = member ?? account;

  const [totals, series, statuses, countries, memberStats, options] = await Promise.all([
    getStatsTotals(ctx, accountId, range, memberId),
    getDailySeries(ctx, accountId, range, memberId),
    getStatusBreakdown(ctx, accountId, range, memberId),
    getCountryBreakdown(ctx, accountId, range, memberId),
    listMemberStats(ctx, viewRoot.id, range, {
      sort: memberStatsSortOf(query.sort),
      limit: query.pageSize,
      offset: (query.page - 1) * query.pageSize,
    }),
    listMemberOptions(ctx, accountId),
  ]);
  const currency = ctx.currency;

  const pageCount = Math.max(1, Math.ceil(memberStats.total / query.pageSize));
  const page = Math.min(query.page, pageCount);
  // a page past the end (the range changed under a bookmarked URL) shows the last one
  const pageRows =
    page === query.page
      ? memberStats.rows
      : (await listMemberStats(ctx, viewRoot.id, range, { sort: memberStatsSortOf(query.sort), limit: query.pageSize, offset: (page - 1) * query.pageSize })).rows;
  const rows: MemberStatsRow[] = pageRows.map((m) => ({
    accountId: m.accountId,
    name: m.name,
    isSelf: m.isSelf,
    isPartner: m.isPartner,
    messages: m.messages,
    segments: m.segments,
    cost: m.cost.toString(),
    delivered: m.delivered,
    failed: m.failed,
    deliveryRate: m.deliveryRate,
    share: m.share,
  }));

  const descending = query.sort.startsWith("-");
  const sortColumn = (descending ? query.sort.slice(1) : query.sort) as MemberSortColumn;
  const sortHref = Object.fromEntries(
    MEMBER_SORT_KEYS.map((key) => {
      // a first click sorts names A→Z and figures largest first; a second click reverses
      const next: MemberSort = key === sortColumn ? (descending ? key : `-${key}`) : key === "name" ? "name" : `-${key}`;
      return [key, statisticsHref(accountId, { ...query, sort: next, page: 1 })];
    }),
  ) as Record<MemberSortColumn, string>;
  const presetHrefs = Object.fromEntries(PRESETS.map((p) => [p, statisticsHref(accountId, { ...query, range: p, page: 1 })])) as Record<(typeof PRESETS)[number], string>;
  const rangeSearch = statisticsSearch({ range: query.range, from: range.from, to: range.to }, { table: false });
  const exportSearch = statisticsSearch({ ...query, from: range.from, to: range.to, page: 1, pageSize: 50 });
  const memberOptions = member && !options.some((o) => o.id === member.id) ? [{ id: member.id, name: member.name }, ...options] : options;

  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Statistics</h1>
        <p className="text-sm text-muted-foreground" data-testid="stats-scope">
          {member ? (
            <>
              <span className="font-medium text-foreground">{member.name}</span> and the members below it, within {account.name}
              {" · "}
              <Link href={statisticsHref(accountId, { ...query, member: undefined, page: 1 })} className="text-primary hover:underline">show the whole tree</Link>
            </>
          ) : (
            <>
              <span className="font-medium text-foreground">{account.name}</span> and every member below it
            </>
          )}
          {" · "}
          <span className="whitespace-nowrap" data-testid="stats-range">{rangeLabel(range.from, range.to)} (UTC)</span>
        </p>
      </div>

      <StatisticsFilters
        basePath={basePath}
        range={query.range}
        from={range.from}
        to={range.to}
        asked={{ from: query.from, to: query.to }}
        correction={rangeCorrection(query, range)}
        member={member?.id}
        members={memberOptions}
        accountName={account.name}
        presetHrefs={presetHrefs}
      />

      <StatsTotals totals={totals} currency={currency} days={range.days} />

      <Card>
        <CardHeader>
          <CardTitle>Messages and cost per day</CardTitle>
          <CardDescription>From the daily statistics; each day is a UTC calendar day.</CardDescription>
        </CardHeader>
        <CardContent>
          <DailyChart points={series.map(toDailyPointDto)} currency={currency}
            emptyHint={range.days < 30 ? "Try 30 days or last month, or send through the API: the chart fills as messages go out." : undefined} />
        </CardContent>
      </Card>

      <div className="grid grid-cols-1 items-start gap-6 lg:grid-cols-2">
        <Card className="gap-3">
          <CardHeader>
            <CardTitle>By status</CardTitle>
            <CardDescription>Where the messages are now; failed messages are refunded.</CardDescription>
          </CardHeader>
          <CardContent><StatusBreakdown slices={statuses} currency={currency} /></CardContent>
        </Card>
        <Card className="gap-3">
          <CardHeader>
            <CardTitle>By destination</CardTitle>
            <CardDescription>Countries of the recipients, busiest first.</CardDescription>
          </CardHeader>
          <CardContent><CountryBreakdown slices={countries} currency={currency} /></CardContent>
        </Card>
      </div>

      <Card className="gap-4">
        <CardHeader>
          <CardTitle>{member ? `Members of ${member.name}` : "Members"}</CardTitle>
          <CardDescription>
            Each direct member with everything below it rolled up (a partner&apos;s row includes its members), and{" "}
            {viewRoot.name}&apos;s own traffic. Members without traffic in the range are left out.
          </CardDescription>
          <CardAction>
            <Button asChild variant="outline" size="sm">
              <a href={`${basePath}/export${exportSearch ? `?${exportSearch}` : ""}`} download>
                <Download className="size-4" aria-hidden /> Export CSV
              </a>
            </Button>
          </CardAction>
        </CardHeader>
        <CardContent className="space-y-3">
          <MemberStatsTable
            rows={rows}
            total={memberStats.total}
            currency={currency}
            sort={{ column: sortColumn, descending }}
            sortHref={sortHref}
            memberSearch={rangeSearch}
          />
          {memberStats.total > MEMBER_PAGE_SIZES[0] ? (
            <UrlPagination page={page} pageSize={query.pageSize} total={memberStats.total} pageSizes={MEMBER_PAGE_SIZES} />
          ) : null}
        </CardContent>
      </Card>
    </div>
  );
}
