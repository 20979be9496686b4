// Statistics from the rollups, never from the message log (DESIGN.md §5): message_stats_daily (account × UTC day
// × country × status) for the breakdowns, and its fold message_stats_account_day (account × day, a quarter of
// the rows) for totals, days and members. A subtree is read through the accounts' paths: for a viewed account at depth k,
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
  return {
    account,
    root,
    depth,
    inRange,
    isWholeTenant,
    /** the detailed rollup: for the breakdowns by status and country */
    from: over(Prisma.raw("message_stats_daily")),
    /** the fold: for totals, days and members */
    fromFold: over(Prisma.raw("message_stats_account_day")),
  };
}

export async function getStatsTotals(ctx: Scope, accountId: number, range: DayRange, memberId?: number): Promise<StatsTotals> {
  const { fromFold } = await viewOf(ctx, accountId, range, memberId);
  const [row] = await prisma.$queryRaw<RawFigures[]>`SELECT ${FOLD_SUMS} ${fromFold}`;
  const f = figures(row);
  return { ...f, deliveryRate: deliveryRate(f) };
}

/** One point per day of the range, zeros included, so a chart's axis is the range itself. */
export async function getDailySeries(ctx: Scope, accountId: number, range: DayRange, memberId?: number): Promise<DayPoint[]> {
  const { fromFold } = await viewOf(ctx, accountId, range, memberId);
  const rows = await prisma.$queryRaw<(RawFigures & { day: string })[]>`
    SELECT to_char(g.day, 'YYYY-MM-DD') AS day, t.messages, t.segments, t.cost, t.delivered, t.failed
    FROM generate_series(${range.from}::date, ${range.to}::date, interval '1 day') AS g(day)
    LEFT JOIN (SELECT s.day, ${FOLD_SUMS} ${fromFold} GROUP BY s.day) t ON t.day = g.day::date
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
 * The per-member table: each direct member of the viewed account with its whole subtree rolled up into its
 * row (a partner's row includes its children), plus the account's own traffic as a row of its own. Members
 * with no traffic in the range are left out.
 */
export async function getMemberStats(ctx: Scope, accountId: number, range: DayRange): Promise<MemberStats[]> {
  const { account, depth, fromFold, inRange, isWholeTenant } = await viewOf(ctx, accountId, range);
  // whole tenant: sum per account first (one pass over the rollup), then map the accounts to members; a
  // subtree: filter through the join first, which reads only its accounts' rows. Either way the members' names
  // come in the same statement (an IN list of thousands of ids costs more than the sums).
  const perMember = isWholeTenant
    ? Prisma.sql`
        WITH per_account AS (SELECT s.account_id, ${FOLD_SUMS} FROM message_stats_account_day s WHERE ${inRange} GROUP BY s.account_id)
        SELECT d.path[${depth + 1}] AS member_id, sum(p.messages) AS messages, sum(p.segments) AS segments, sum(p.cost) AS cost,
          sum(p.delivered) AS delivered, sum(p.failed) AS failed
        FROM per_account p JOIN account d ON d.tenant_id = ${account.tenantId} AND d.id = p.account_id
        GROUP BY 1`
    : Prisma.sql`SELECT d.path[${depth + 1}] AS member_id, ${FOLD_SUMS} ${fromFold} GROUP BY 1`;
  const query = Prisma.sql`
    SELECT t.*, m.name, m.is_partner FROM (${perMember}) t
    LEFT JOIN account m ON m.tenant_id = ${account.tenantId} AND m.id = t.member_id`;
  // thousands of rows for a big tree: plain pg, without the ORM's per-row work (half the time, measured with
  // npm run bench -- stats); sums arrive as decimal text, which figures() reads exactly
  const { rows } = await sqlPool().query<RawFigures & { member_id: number | null; name: string | null; is_partner: boolean | null }>(query.text, query.values);
  const total = rows.reduce((sum, r) => sum + BigInt(r.cost ?? 0), 0n);
  return rows
    .map((r) => {
      const f = figures(r);
      return {
        ...f,
        accountId: r.member_id ?? account.id,
        name: r.name ?? account.name,
        isSelf: r.member_id === null,
        isPartner: r.is_partner ?? account.isPartner,
        deliveryRate: deliveryRate(f),
        // ratio of two bigints as a number for display only: scaled to basis points first, so no money is a float
        share: total > 0n ? Number((f.cost * 10_000n) / total) / 10_000 : 0,
      };
    })
    .sort((a, b) => (a.cost === b.cost ? a.name.localeCompare(b.name) : a.cost > b.cost ? -1 : 1));
}
