// Statistics from the rollups, never from the message log (DESIGN.md §5): message_stats_daily (account × UTC day
// × country × status) for the breakdowns, and its fold message_stats_account_day (account × day, a quarter of
// the rows) for totals, days and members. The master's views (its subtree is the whole tenant) read
// message_stats_tenant_day (day × country × status for the whole tenant) instead, whatever the tree's size. A subtree is read through the accounts' paths: for a viewed account at depth k,
// every account below it has path[k + 1] = the viewed id and path[k + 2] = the member (direct child) whose
// subtree it is in, so one pass over the rollup both filters the subtree and rolls it up per member.
import { prisma } from "@/lib/db/client";
import { sqlPool } from "@/lib/db/pool";
import { Prisma } from "@/lib/db/generated/client";
import type { MessageStatus } from "@/lib/db/generated/enums";
import type { DomainContext } from "@/lib/domain/context";
import { NotFoundError } from "@/lib/domain/errors";
import { getAccountInSubtree } from "@/lib/domain/accounts/internal";
import type { DayRange } from "./stats-query-schema";
import { planRange, type DaySpan } from "./range-plan";

type Scope = Pick<DomainContext, "tenantId" | "accountId">;

export type Figures = { messages: number; segments: number; cost: bigint; delivered: number; failed: number };
export type StatsTotals = Figures & { deliveryRate: number | null };
export type DayPoint = Figures & { day: string };
export type StatusSlice = { status: MessageStatus; messages: number; segments: number; cost: bigint };
export type CountrySlice = Figures & { country: string };
export type MemberStats = Figures & {
  accountId: number;
  name: string;
  /** the viewed account's own traffic, not a member's */
  isSelf: boolean;
  isPartner: boolean;
  deliveryRate: number | null;
  /** of the cost of the whole view, 0..1 */
  share: number;
};

/** Sums as PostgreSQL returns them: bigint through Prisma, decimal text through plain pg. */
type RawFigures = { messages: bigint | string | null; segments: bigint | string | null; cost: bigint | string | null; delivered: bigint | string | null; failed: bigint | string | null };

const figures = (r: RawFigures): Figures => ({
  messages: Number(r.messages ?? 0),
  segments: Number(r.segments ?? 0),
  cost: BigInt(r.cost ?? 0),
  delivered: Number(r.delivered ?? 0),
  failed: Number(r.failed ?? 0),
});

/** Delivered among those with a final status; null while nothing has one. */
export const deliveryRate = (f: Pick<Figures, "delivered" | "failed">) => (f.delivered + f.failed > 0 ? f.delivered / (f.delivered + f.failed) : null);

const SUMS = Prisma.sql`sum(s.messages) AS messages, sum(s.segments) AS segments, sum(s.cost) AS cost,
  sum(s.messages) FILTER (WHERE s.status = 'delivered') AS delivered, sum(s.messages) FILTER (WHERE s.status = 'failed') AS failed`;
/** The same figures from the per-account-and-day fold (message_stats_account_day), which has them as columns. */
const FOLD_SUMS = Prisma.sql`sum(s.messages) AS messages, sum(s.segments) AS segments, sum(s.cost) AS cost,
  sum(s.delivered) AS delivered, sum(s.failed) AS failed`;

/**
 * The rows of the view: the viewed account's subtree (or one member's subtree inside it) over the range. The
 * account join is what maps each rollup row to its place in the tree.
 */
async function viewOf(ctx: Scope, accountId: number, range: DayRange, memberId?: number) {
  const account = await getAccountInSubtree(prisma, ctx, accountId);
  let root = account;
  if (memberId !== undefined && memberId !== account.id) {
    const member = await prisma.account.findFirst({ where: { tenantId: ctx.tenantId, id: memberId, kind: "customer", path: { has: account.id } } });
    if (!member) throw new NotFoundError("Member not found.");
    root = member;
  }
  const depth = root.path.length; // 1-based position of the root in its descendants' paths
  const inRange = Prisma.sql`s.tenant_id = ${ctx.tenantId} AND s.day BETWEEN ${range.from}::date AND ${range.to}::date`;
  // the master's subtree is the whole tenant: no account join to filter it (a tenant-wide join is what made the
  // master's views slow: npm run bench -- stats)
  const isWholeTenant = root.parentId === null;
  const over = (table: Prisma.Sql) =>
    isWholeTenant
      ? Prisma.sql`FROM ${table} s WHERE ${inRange}`
      : Prisma.sql`FROM ${table} s JOIN account d ON d.tenant_id = s.tenant_id AND d.id = s.account_id
          WHERE ${inRange} AND d.path[${depth}] = ${root.id}`;
  const tenantFold = Prisma.sql`FROM message_stats_tenant_day s WHERE ${inRange}`;
  return {
    account,
    root,
    depth,
    inRange,
    isWholeTenant,
    /** the detailed rollup: for the breakdowns by status and country */
    from: isWholeTenant ? tenantFold : over(Prisma.raw("message_stats_daily")),
    /** for totals and days: the account-day fold, or the tenant's fold (the same figures, from its status rows) */
    fromFold: isWholeTenant ? tenantFold : over(Prisma.raw("message_stats_account_day")),
    foldSums: isWholeTenant ? SUMS : FOLD_SUMS,
  };
}

export async function getStatsTotals(ctx: Scope, accountId: number, range: DayRange, memberId?: number): Promise<StatsTotals> {
  const { fromFold, foldSums } = await viewOf(ctx, accountId, range, memberId);
  const [row] = await prisma.$queryRaw<RawFigures[]>`SELECT ${foldSums} ${fromFold}`;
  const f = figures(row);
  return { ...f, deliveryRate: deliveryRate(f) };
}

/** One point per day of the range, zeros included, so a chart's axis is the range itself. */
export async function getDailySeries(ctx: Scope, accountId: number, range: DayRange, memberId?: number): Promise<DayPoint[]> {
  const { fromFold, foldSums } = await viewOf(ctx, accountId, range, memberId);
  const rows = await prisma.$queryRaw<(RawFigures & { day: string })[]>`
    SELECT to_char(g.day, 'YYYY-MM-DD') AS day, t.messages, t.segments, t.cost, t.delivered, t.failed
    FROM generate_series(${range.from}::date, ${range.to}::date, interval '1 day') AS g(day)
    LEFT JOIN (SELECT s.day, ${foldSums} ${fromFold} GROUP BY s.day) t ON t.day = g.day::date
    ORDER BY g.day`;
  return rows.map((r) => ({ day: r.day, ...figures(r) }));
}

export async function getStatusBreakdown(ctx: Scope, accountId: number, range: DayRange, memberId?: number): Promise<StatusSlice[]> {
  const { from } = await viewOf(ctx, accountId, range, memberId);
  const rows = await prisma.$queryRaw<(RawFigures & { status: MessageStatus })[]>`
    SELECT s.status, ${SUMS} ${from} GROUP BY s.status ORDER BY s.status`;
  return rows.map((r) => {
    const f = figures(r);
    return { status: r.status, messages: f.messages, segments: f.segments, cost: f.cost };
  });
}

export async function getCountryBreakdown(ctx: Scope, accountId: number, range: DayRange, memberId?: number): Promise<CountrySlice[]> {
  const { from } = await viewOf(ctx, accountId, range, memberId);
  const rows = await prisma.$queryRaw<(RawFigures & { country: string })[]>`
    SELECT s.country, ${SUMS} ${from} GROUP BY s.country ORDER BY sum(s.messages) DESC, s.country`;
  return rows.map((r) => ({ country: r.country, ...figures(r) }));
}

/**
 * The whole tenant's account-day fold rows for a range, read as planRange() says: whole months from the month
 * fold, the ends added or subtracted from the day fold. Summed per account, they give the range's figures.
 */
function foldRowsOfTenant(tenantId: number, range: DayRange): Prisma.Sql {
  const plan = planRange(range, new Date().toISOString().slice(0, 10));
  const COLUMNS = Prisma.sql`account_id, messages, segments, cost, delivered, failed`;
  const NEGATED = Prisma.sql`account_id, -messages, -segments, -cost, -delivered, -failed`;
  const days = (columns: Prisma.Sql, span: DaySpan) =>
    Prisma.sql`SELECT ${columns} FROM message_stats_account_day WHERE tenant_id = ${tenantId} AND day BETWEEN ${span.from}::date AND ${span.to}::date`;
  const parts = [
    ...(plan.months.length ? [Prisma.sql`SELECT ${COLUMNS} FROM message_stats_account_month WHERE tenant_id = ${tenantId} AND month = ANY (${plan.months}::date[])`] : []),
    ...plan.plus.map((span) => days(COLUMNS, span)),
    ...plan.minus.map((span) => days(NEGATED, span)),
  ];
  return Prisma.join(parts, " UNION ALL ");
}

export const MEMBER_STATS_SORT_KEYS = ["name", "messages", "segments", "cost", "delivery"] as const;
export type MemberStatsSort = { key: (typeof MEMBER_STATS_SORT_KEYS)[number]; descending: boolean };
export type MemberStatsPage = {
  rows: MemberStats[];
  /** members (and the account's own row) with traffic in the range */
  total: number;
  /** the cost of the whole view, every row included */
  totalCost: bigint;
};

const BY_COST: MemberStatsSort = { key: "cost", descending: true };

type MemberStatsRow = RawFigures & { member_id: number | null; name: string | null; is_partner: boolean | null; total_rows: string; total_cost: string | null };

/**
 * The per-member table: each direct member of the viewed account with its whole subtree rolled up into its
 * row (a partner's row includes its children), plus the account's own traffic as a row of its own. Members
 * with no traffic in the range are left out. Sorted (ties by name, then id) and cut to one page in SQL: the
 * master of a flat tree has thousands of members, and building every row to show 50 was most of the time
 * (npm run bench -- stats). Without `limit`, every row.
 */
export async function listMemberStats(
  ctx: Scope,
  accountId: number,
  range: DayRange,
  { sort = BY_COST, limit, offset = 0 }: { sort?: MemberStatsSort; limit?: number; offset?: number } = {},
): Promise<MemberStatsPage> {
  const { account, depth, fromFold, isWholeTenant } = await viewOf(ctx, accountId, range);
  // whole tenant: the month-planned rows of every account, each mapped to its member through one hash join on
  // the tenant's accounts; a subtree: filter through the join first, which reads only its accounts' rows.
  // Either way the members' names come in the same statement (an IN list of thousands of ids costs more than
  // the sums). A member whose days outside the range cancel its month reads zero: left out, as with no traffic.
  const perMember = isWholeTenant
    ? Prisma.sql`
        SELECT d.path[${depth + 1}] AS member_id, ${FOLD_SUMS}
        FROM (${foldRowsOfTenant(account.tenantId, range)}) s JOIN account d ON d.tenant_id = ${account.tenantId} AND d.id = s.account_id
        GROUP BY 1 HAVING sum(s.messages) > 0`
    : Prisma.sql`SELECT d.path[${depth + 1}] AS member_id, ${FOLD_SUMS} ${fromFold} GROUP BY 1`;
  // ICU's root collation: the order JavaScript's localeCompare gives, whatever the database's locale
  const name = Prisma.sql`coalesce(m.name, ${account.name}) COLLATE "und-x-icu"`;
  const key = {
    name,
    messages: Prisma.sql`t.messages`,
    segments: Prisma.sql`t.segments`,
    cost: Prisma.sql`t.cost`,
    delivery: Prisma.sql`coalesce(t.delivered::numeric / nullif(t.delivered + t.failed, 0), -1)`,
  }[sort.key];
  const direction = Prisma.raw(sort.descending ? "DESC" : "ASC");
  const page = limit === undefined ? Prisma.empty : Prisma.sql`LIMIT ${limit} OFFSET ${offset}`;
  const query = Prisma.sql`
    SELECT t.*, m.name, m.is_partner, count(*) OVER () AS total_rows, sum(t.cost) OVER () AS total_cost
    FROM (${perMember}) t
    LEFT JOIN account m ON m.tenant_id = ${account.tenantId} AND m.id = t.member_id
    ORDER BY ${key} ${direction}, ${name}, coalesce(t.member_id, ${account.id})
    ${page}`;
  // plain pg, without the ORM's per-row work; sums arrive as decimal text, which figures() reads exactly
  const { rows } = await sqlPool().query<MemberStatsRow>(query.text, query.values);
  if (rows.length === 0 && offset > 0) {
    // past the last page: the totals still come from the view
    const first = await listMemberStats(ctx, accountId, range, { sort, limit: 1 });
    return { rows: [], total: first.total, totalCost: first.totalCost };
  }
  const totalCost = BigInt(rows[0]?.total_cost ?? 0);
  return {
    total: Number(rows[0]?.total_rows ?? 0),
    totalCost,
    rows: rows.map((r) => {
      const f = figures(r);
      return {
        ...f,
        accountId: r.member_id ?? account.id,
        name: r.name ?? account.name,
        isSelf: r.member_id === null,
        isPartner: r.is_partner ?? account.isPartner,
        deliveryRate: deliveryRate(f),
        // ratio of two bigints as a number for display only: scaled to basis points first, so no money is a float
        share: totalCost > 0n ? Number((f.cost * 10_000n) / totalCost) / 10_000 : 0,
      };
    }),
  };
}

/** Every member's row, by cost (largest first): the export and the API. */
export async function getMemberStats(ctx: Scope, accountId: number, range: DayRange, sort: MemberStatsSort = BY_COST): Promise<MemberStats[]> {
  return (await listMemberStats(ctx, accountId, range, { sort })).rows;
}
