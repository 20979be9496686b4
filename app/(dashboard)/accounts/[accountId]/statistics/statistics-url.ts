import { z } from "zod";
import { MEMBER_STATS_SORT_KEYS, type MemberStatsSort } from "@/lib/domain/stats/queries";
import { statsQuerySchema } from "@/lib/domain/stats/stats-query-schema";

export const MEMBER_SORT_KEYS = MEMBER_STATS_SORT_KEYS;
export type MemberSortKey = (typeof MEMBER_SORT_KEYS)[number];
export type MemberSort = MemberSortKey | `-${MemberSortKey}`;
export const MEMBER_PAGE_SIZES = [25, 50, 100] as const;

const SORTS = MEMBER_SORT_KEYS.flatMap((k) => [k, `-${k}`]) as [MemberSort, ...MemberSort[]];

/** The statistics page's URL: the view (statsQuerySchema) plus the per-member table's sort and page. */
export const statisticsPageSchema = statsQuerySchema.extend({
  sort: z.enum(SORTS).catch("-cost"),
  page: z.coerce.number().int().min(1).catch(1),
  pageSize: z.coerce.number().pipe(z.union(MEMBER_PAGE_SIZES.map((n) => z.literal(n)) as [z.ZodLiteral<25>, z.ZodLiteral<50>, z.ZodLiteral<100>])).catch(50),
});
export type StatisticsPageQuery = z.output<typeof statisticsPageSchema>;

const DEFAULTS = statisticsPageSchema.parse({});

type RawSearchParams = Record<string, string | string[] | undefined>;

export function parseStatisticsQuery(raw: RawSearchParams | URLSearchParams): StatisticsPageQuery {
  const entries = raw instanceof URLSearchParams ? [...raw.entries()] : Object.entries(raw).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]);
  return statisticsPageSchema.parse(Object.fromEntries(entries));
}

// a fixed order keeps equal views on equal URLs
const KEYS = ["range", "from", "to", "member", "sort", "page", "pageSize"] as const;

/**
 * The search string (without "?") of a view, built from the parsed query (never copied from the request) and
 * holding only what differs from the defaults; from/to only for a custom range, which is all they mean.
 */
export function statisticsSearch(query: Partial<StatisticsPageQuery>, { table = true } = {}): string {
  const params = new URLSearchParams();
  for (const key of KEYS) {
    if (!table && (key === "sort" || key === "page" || key === "pageSize")) continue;
    if ((key === "from" || key === "to") && query.range !== "custom") continue;
    const value = query[key];
    if (value !== undefined && value !== DEFAULTS[key]) params.set(key, String(value));
  }
  return params.toString();
}

export const statisticsPath = (accountId: number | string) => `/accounts/${accountId}/statistics`;

export function statisticsHref(accountId: number | string, query: Partial<StatisticsPageQuery>, options?: { table?: boolean }) {
  const search = statisticsSearch(query, options);
  return search ? `${statisticsPath(accountId)}?${search}` : statisticsPath(accountId);
}

/** The URL's sort as the query takes it (the query sorts and pages in SQL; ties fall back to the name). */
export function memberStatsSortOf(sort: MemberSort): MemberStatsSort {
  const descending = sort.startsWith("-");
  return { key: (descending ? sort.slice(1) : sort) as MemberSortKey, descending };
}
