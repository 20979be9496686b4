// The Overview page's panels (DESIGN.md §7: spend by day, top members, low-balance warnings): figures from the
// statistics rollup, the accounts' balances and monthly usage, and the ledger, each one query over the
// viewed account's subtree (`path @>` on the GIN index), never a scan of the message log.
import { prisma } from "@/lib/db/client";
import type { DomainContext } from "@/lib/domain/context";
import { getAccountInSubtree } from "@/lib/domain/accounts/internal";
import { listTransfersQuerySchema } from "@/lib/domain/ledger/list-transfers-schema";
import { listLatestTransfers, type LedgerLine } from "@/lib/domain/ledger/queries";
import { MICRO_PER_UNIT } from "@/lib/money";
import { getDailySeries, listMemberStats, type DayPoint, type MemberStats } from "./queries";
import { resolveRange, type DayRange } from "./stats-query-schema";

type Scope = Pick<DomainContext, "tenantId" | "accountId">;

/** Without an alert of its own, a prepaid member is "low" below one unit of the currency. */
export const DEFAULT_LOW_BALANCE = MICRO_PER_UNIT;
/** A member is "near its limit" from this share of its monthly volume limit on. */
export const NEAR_LIMIT_PERCENT = 80;
export const ATTENTION_LIMIT = 10;
export const TOP_MEMBERS = 10;
export const RECENT_TRANSFERS = 10;

/** The first day (UTC) of the month `now` falls in, as monthly_usage keys it. */
export const monthStartOf = (now: Date) => `${now.toISOString().slice(0, 7)}-01`;

export type LowBalanceMember = {
  accountId: number;
  name: string;
  balance: bigint;
  paymentModel: "prepaid" | "postpaid";
  /** the member's own alert threshold, or null when the default (prepaid below 1.00) applies */
  alertThreshold: bigint | null;
};

export type NearLimitMember = { accountId: number; name: string; used: number; limit: number };

/**
 * Members below the viewed account (its whole subtree, closed ones left out) whose balance is under their
 * balance alert's threshold or, without an alert, prepaid and under 1.00: the lowest first, at most `limit`,
 * with how many there are in all.
 */
export async function listLowBalanceMembers(ctx: Scope, accountId: number, limit = ATTENTION_LIMIT) {
  const account = await getAccountInSubtree(prisma, ctx, accountId);
  const rows = await prisma.$queryRaw<(Omit<LowBalanceMember, "paymentModel"> & { paymentModel: LowBalanceMember["paymentModel"]; total: bigint })[]>`
    SELECT a.id AS "accountId", a.name, a.balance, a.payment_model::text AS "paymentModel", ba.threshold AS "alertThreshold",
           count(*) OVER () AS total
    FROM account a
    LEFT JOIN balance_alert ba ON ba.tenant_id = a.tenant_id AND ba.account_id = a.id
    WHERE a.tenant_id = ${ctx.tenantId} AND a.kind = 'customer' AND a.path @> ARRAY[${account.id}::int] AND a.id <> ${account.id}
      AND a.status <> 'closed'
      AND CASE WHEN ba.threshold IS NOT NULL THEN a.balance < ba.threshold
               ELSE a.payment_model = 'prepaid' AND a.balance < ${DEFAULT_LOW_BALANCE} END
    ORDER BY a.balance, a.name, a.id
    LIMIT ${limit}`;
  return { rows: rows.map(({ total: _total, ...row }) => row), total: Number(rows[0]?.total ?? 0) };
}

/**
 * Members below the viewed account that have sent at least 80 % of their monthly volume limit this calendar
 * month (UTC): the closest to (or at) their limit first, at most `limit`, with how many there are in all.
 */
export async function listNearLimitMembers(ctx: Scope, accountId: number, now = new Date(), limit = ATTENTION_LIMIT) {
  const account = await getAccountInSubtree(prisma, ctx, accountId);
  // integer arithmetic for the threshold: used * 100 >= limit * 80
  const rows = await prisma.$queryRaw<(NearLimitMember & { total: bigint })[]>`
    SELECT a.id AS "accountId", a.name, u.messages AS used, a.monthly_volume_limit AS "limit", count(*) OVER () AS total
    FROM account a
    JOIN monthly_usage u ON u.tenant_id = a.tenant_id AND u.account_id = a.id AND u.month = ${monthStartOf(now)}::date
    WHERE a.tenant_id = ${ctx.tenantId} AND a.kind = 'customer' AND a.path @> ARRAY[${account.id}::int] AND a.id <> ${account.id}
      AND a.status <> 'closed' AND a.monthly_volume_limit IS NOT NULL
      AND u.messages::bigint * 100 >= a.monthly_volume_limit::bigint * ${NEAR_LIMIT_PERCENT}
    ORDER BY u.messages::numeric / nullif(a.monthly_volume_limit, 0) DESC NULLS FIRST, a.name, a.id
    LIMIT ${limit}`;
  return { rows: rows.map(({ total: _total, ...row }) => row), total: Number(rows[0]?.total ?? 0) };
}

/**
 * Whether charges can accrue to invoice anywhere in the viewed account's subtree: a charge lands on the nearest
 * prepaid account on the sender's path (DESIGN.md §3), so only a subtree whose root and every ancestor are
 * postpaid ever accrues.
 */
export async function isPostpaidTree(ctx: Scope, accountId: number) {
  const account = await getAccountInSubtree(prisma, ctx, accountId);
  const [row] = await prisma.$queryRaw<{ any_prepaid: boolean | null }[]>`
    SELECT bool_or(payment_model = 'prepaid') AS any_prepaid FROM account WHERE tenant_id = ${ctx.tenantId} AND id = ANY(${account.path}::int[])`;
  return row?.any_prepaid === false;
}

/**
 * What accrued to invoice in the calendar month (UTC) of `now` in the viewed account's subtree: the charges paid from
 * postpaid accounts in it, less the refunds paid back to them (a message the carrier rejected is not
 * invoiced). Two index scans (transfers out, transfers in), one per ledger index.
 */
export async function sumAccruedThisMonth(ctx: Scope, accountId: number, now = new Date()): Promise<bigint> {
  const account = await getAccountInSubtree(prisma, ctx, accountId);
  const since = new Date(`${monthStartOf(now)}T00:00:00.000Z`);
  const until = new Date(Date.UTC(since.getUTCFullYear(), since.getUTCMonth() + 1, 1));
  const [row] = await prisma.$queryRaw<{ charged: bigint | null; refunded: bigint | null }[]>`
    WITH postpaid AS (
      SELECT id FROM account
      WHERE tenant_id = ${ctx.tenantId} AND kind = 'customer' AND payment_model = 'postpaid' AND path @> ARRAY[${account.id}::int]
    )
    SELECT
      (SELECT sum(t.amount) FROM transfer t JOIN postpaid p ON t.from_account_id = p.id
        WHERE t.tenant_id = ${ctx.tenantId} AND t.kind = 'charge' AND t.created_at >= ${since} AND t.created_at < ${until})::bigint AS charged,
      (SELECT sum(t.amount) FROM transfer t JOIN postpaid p ON t.to_account_id = p.id
        WHERE t.tenant_id = ${ctx.tenantId} AND t.kind = 'refund' AND t.created_at >= ${since} AND t.created_at < ${until})::bigint AS refunded`;
  return BigInt(row?.charged ?? 0) - BigInt(row?.refunded ?? 0);
}

/** The last transfers of the account and everything below it, newest first (the ledger's own query). */
export async function listRecentActivity(ctx: Scope, accountId: number, limit = RECENT_TRANSFERS): Promise<LedgerLine[]> {
  return listLatestTransfers(ctx, accountId, listTransfersQuerySchema.parse({ scope: "subtree" }), limit);
}

export type OverviewPanels = {
  range: DayRange;
  series: DayPoint[];
  /** direct members by cost over the range, the account's own traffic left out */
  topMembers: MemberStats[];
  lowBalance: { rows: LowBalanceMember[]; total: number };
  nearLimit: { rows: NearLimitMember[]; total: number };
  recent: LedgerLine[];
  /** null unless the subtree is postpaid all the way up (only then does anything accrue) */
  accruedThisMonth: bigint | null;
};

/** Everything the Overview page's panels show, for the last 30 days up to `now`, in parallel. */
export async function getOverviewPanels(ctx: Scope, accountId: number, now = new Date()): Promise<OverviewPanels> {
  const range = resolveRange({ range: "30d" }, now);
  const [series, members, lowBalance, nearLimit, recent, postpaid] = await Promise.all([
    getDailySeries(ctx, accountId, range),
    // the account's own row may be among the first: one more than shown
    listMemberStats(ctx, accountId, range, { limit: TOP_MEMBERS + 1 }),
    listLowBalanceMembers(ctx, accountId),
    listNearLimitMembers(ctx, accountId, now),
    listRecentActivity(ctx, accountId),
    isPostpaidTree(ctx, accountId),
  ]);
  return {
    range,
    series,
    topMembers: members.rows.filter((m) => !m.isSelf && m.cost > 0n).slice(0, TOP_MEMBERS),
    lowBalance,
    nearLimit,
    recent,
    accruedThisMonth: postpaid ? await sumAccruedThisMonth(ctx, accountId, now) : null,
  };
}
