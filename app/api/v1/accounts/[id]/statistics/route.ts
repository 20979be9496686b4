import { idFromPath } from "@/lib/api/v1/common";
import { nativeRoute } from "@/lib/api/native";
import { statisticsQuerySchema as querySchema, type AccountStatisticsJson, type StatisticsFiguresJson } from "@/lib/api/v1/statistics";
import {
  deliveryRate,
  getCountryBreakdown,
  getDailySeries,
  getMemberStats,
  getStatsTotals,
  getStatusBreakdown,
  type Figures,
} from "@/lib/domain/stats/queries";
import { microToDecimalString } from "@/lib/money";

type Params = { id: string };

// a 10-digit id can be past the column's range: idFromPath refuses it as not found instead of failing the query
const accountIdOf = (params: Params) => idFromPath(params.id, "Account not found.");

const rate = (r: number | null) => (r === null ? null : Math.round(r * 10_000) / 10_000);

const figuresJson = (f: Figures): StatisticsFiguresJson => ({
  messages: f.messages,
  segments: f.segments,
  cost: microToDecimalString(f.cost),
  delivered: f.delivered,
  failed: f.failed,
  delivery_rate: rate(deliveryRate(f)),
});

/**
 * The statistics of an account and everything below it over a range of UTC days (default: the last 30), from
 * the daily rollup: totals, and optionally the same figures grouped by direct member (each member's subtree
 * rolled up, plus the account's own traffic), by day (every day of the range, zeros included), by
 * destination country or by status. Money is a decimal string of the currency.
 */
export const GET = nativeRoute<Params>(async ({ req, ctx, params }) => {
  const accountId = accountIdOf(params);
  const search = new URL(req.url).searchParams;
  const { range, groupBy } = querySchema.parse({
    from: search.get("from") ?? undefined,
    to: search.get("to") ?? undefined,
    group_by: search.get("group_by") ?? undefined,
  });
  const [totals, groups] = await Promise.all([
    getStatsTotals(ctx, accountId, range),
    groupBy === "member"
      ? getMemberStats(ctx, accountId, range).then((rows) =>
          rows.map((m) => ({ account_id: m.accountId, name: m.name, is_own_traffic: m.isSelf, is_partner: m.isPartner, ...figuresJson(m), share: rate(m.share) })),
        )
      : groupBy === "day"
        ? getDailySeries(ctx, accountId, range).then((rows) => rows.map((d) => ({ day: d.day, ...figuresJson(d) })))
        : groupBy === "country"
          ? getCountryBreakdown(ctx, accountId, range).then((rows) => rows.map((c) => ({ country: c.country, ...figuresJson(c) })))
          : groupBy === "status"
            ? getStatusBreakdown(ctx, accountId, range).then((rows) =>
                rows.map((s) => ({ status: s.status, messages: s.messages, segments: s.segments, cost: microToDecimalString(s.cost) })),
              )
            : Promise.resolve([]),
  ]);
  return {
    account_id: accountId,
    from: range.from,
    to: range.to,
    days: range.days,
    currency: ctx.currency,
    group_by: groupBy,
    totals: figuresJson(totals),
    groups,
  } satisfies AccountStatisticsJson;
});
