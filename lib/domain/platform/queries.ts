import { prisma } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import { NotFoundError } from "@/lib/domain/errors";
import { maskOperatorKey } from "./operator-key-format";
import { signInNameOf } from "@/lib/domain/users/sign-in-name";
import {
  listOperatorAuditQuerySchema,
  listPaymentsQuerySchema,
  listTenantsQuerySchema,
  type ListOperatorAuditQuery,
  type ListPaymentsQuery,
  type ListTenantsQuery,
} from "./list-tenants-schema";

// Reads of the operators' console. Money leaves as strings of micro-units (bigint does not cross to the client).

export type TenantOwner = { email: string; name: string | null; pending: boolean };

export type TenantRow = {
  tenantId: number;
  name: string;
  currency: string;
  status: "active" | "suspended" | "closed";
  owner: TenantOwner | null;
  balance: string;
  spendThisMonth: string;
  messagesThisMonth: number;
  createdAt: string;
};

type RawTenantRow = {
  tenantId: number;
  name: string;
  currency: string;
  status: TenantRow["status"];
  ownerEmail: string | null;
  ownerName: string | null;
  ownerPending: boolean | null;
  balance: bigint;
  spend: bigint;
  messages: bigint;
  createdAt: Date;
  total: bigint;
};

const ORDER_BY: Record<ListTenantsQuery["sort"], Prisma.Sql> = {
  name: Prisma.sql`lower(t.name) ASC, t.id ASC`,
  "-name": Prisma.sql`lower(t.name) DESC, t.id DESC`,
  balance: Prisma.sql`a.balance ASC, t.id ASC`,
  "-balance": Prisma.sql`a.balance DESC, t.id DESC`,
  spend: Prisma.sql`s.cost ASC, t.id ASC`,
  "-spend": Prisma.sql`s.cost DESC, t.id DESC`,
  messages: Prisma.sql`s.messages ASC, t.id ASC`,
  "-messages": Prisma.sql`s.messages DESC, t.id DESC`,
  created: Prisma.sql`t.created_at ASC, t.id ASC`,
  "-created": Prisma.sql`t.created_at DESC, t.id DESC`,
};

/** The first day of the current month (UTC), as the rollups key months. */
export const monthStart = (now = new Date()) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));

/**
 * Every tenant with its master's status and balance and this month's messages and spend (the account-month
 * rollup of each tenant, summed), searched by name, owner e-mail or id, sorted and paged on the server. Two
 * steps in one statement: the page's ids (and the total) from only what the filter and the sort need, then the
 * owner and this month's figures of those rows alone; so a page sorted by name or balance never sums a month.
 */
export async function listTenants(query: Partial<ListTenantsQuery> = {}) {
  const q = listTenantsQuerySchema.parse(query);
  const where: Prisma.Sql[] = [];
  if (q.status !== "any") where.push(Prisma.sql`a.status = ${q.status}::account_status`);
  if (q.q) {
    const like = `%${q.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    where.push(Prisma.sql`(t.name ILIKE ${like} OR t.id::text = ${q.q} OR EXISTS (${ownerEmailLike(like)}))`);
  }
  const bySpend = q.sort.endsWith("spend") || q.sort.endsWith("messages");
  const rows = await selectTenants({ where, orderBy: ORDER_BY[q.sort], bySpend, limit: q.pageSize, offset: (q.page - 1) * q.pageSize });
  // a page past the end has no row to carry the count
  const total = rows.length ? Number(rows[0].total) : q.page > 1 ? Number((await selectTenants({ where, orderBy: ORDER_BY[q.sort], bySpend, limit: 1, offset: 0 }))[0]?.total ?? 0) : 0;
  return { rows: rows.map(toTenantRow), total, page: q.page, pageSize: q.pageSize };
}

/** An owner of the master, or the owner invited to it, whose e-mail matches: what the search finds a tenant by. */
const ownerEmailLike = (like: string) => Prisma.sql`
  SELECT 1 FROM membership m JOIN app_user u ON u.id = m.user_id
   WHERE m.tenant_id = t.id AND m.account_id = t.id AND m.role = 'owner' AND u.email ILIKE ${like}
  UNION ALL
  SELECT 1 FROM invitation i
   WHERE i.tenant_id = t.id AND i.parent_account_id = t.id AND i.kind = 'join_account' AND i.status = 'pending' AND i.email ILIKE ${like}`;

/** This month's rollup of tenant `t`: one index range of message_stats_account_month. */
const monthFigures = (month: Date) => Prisma.sql`
  SELECT coalesce(sum(m.cost), 0)::bigint AS cost, coalesce(sum(m.messages), 0)::bigint AS messages
    FROM message_stats_account_month m WHERE m.tenant_id = t.id AND m.month = ${month}::date`;

function selectTenants(opts: { where: Prisma.Sql[]; orderBy: Prisma.Sql; bySpend: boolean; limit: number; offset: number }) {
  const month = monthStart();
  const where = opts.where.length ? Prisma.join(opts.where, " AND ") : Prisma.sql`true`;
  return prisma.$queryRaw<RawTenantRow[]>`
    WITH page AS (
      SELECT t.id, count(*) OVER () AS total
        FROM tenant t
        JOIN account a ON a.tenant_id = t.id AND a.id = t.id
        ${opts.bySpend ? Prisma.sql`CROSS JOIN LATERAL (${monthFigures(month)}) s` : Prisma.empty}
       WHERE ${where}
       ORDER BY ${opts.orderBy}
       LIMIT ${opts.limit} OFFSET ${opts.offset}
    )
    SELECT t.id AS "tenantId", t.name, trim(t.currency) AS currency, a.status::text AS status, a.balance,
           o.email AS "ownerEmail", o.name AS "ownerName", o.pending AS "ownerPending",
           s.cost AS spend, s.messages, t.created_at AS "createdAt", page.total
      FROM page
      JOIN tenant t ON t.id = page.id
      JOIN account a ON a.tenant_id = t.id AND a.id = t.id
      LEFT JOIN LATERAL (
        -- the first owner of the master; else the owner invited and not yet joined
        SELECT * FROM (
          SELECT coalesce(u.email, u.username) AS email, u.name, false AS pending, 0 AS rank, m.id AS ord
            FROM membership m JOIN app_user u ON u.id = m.user_id
           WHERE m.tenant_id = t.id AND m.account_id = t.id AND m.role = 'owner'
          UNION ALL
          SELECT i.email, NULL, true, 1, i.id
            FROM invitation i
           WHERE i.tenant_id = t.id AND i.parent_account_id = t.id AND i.kind = 'join_account' AND i.status = 'pending'
        ) x ORDER BY x.rank, x.ord LIMIT 1
      ) o ON true
      CROSS JOIN LATERAL (${monthFigures(month)}) s
     ORDER BY ${opts.orderBy}`;
}

function toTenantRow(r: RawTenantRow): TenantRow {
  return {
    tenantId: r.tenantId,
    name: r.name,
    currency: r.currency,
    status: r.status,
    owner: r.ownerEmail ? { email: r.ownerEmail, name: r.ownerName, pending: r.ownerPending === true } : null,
    balance: r.balance.toString(),
    spendThisMonth: r.spend.toString(),
    messagesThisMonth: Number(r.messages),
    createdAt: r.createdAt.toISOString(),
  };
}

/** One tenant for its console page: the list row's figures and what an operator acts on. */
export async function getTenantDetail(tenantId: number) {
  const [raw] = await selectTenants({ where: [Prisma.sql`t.id = ${tenantId}`], orderBy: ORDER_BY.name, bySpend: false, limit: 1, offset: 0 });
  if (!raw) throw new NotFoundError("Tenant not found.");
  const row = toTenantRow(raw);
  const [tenant, funding, usage, members, users, owners, pendingOwner, received] = await Promise.all([
    prisma.tenant.findUniqueOrThrow({ where: { id: tenantId }, select: { maxDepth: true } }),
    prisma.account.findFirstOrThrow({ where: { tenantId, kind: "funding" }, select: { balance: true } }),
    prisma.account.findFirstOrThrow({ where: { tenantId, kind: "usage" }, select: { balance: true } }),
    prisma.account.groupBy({ by: ["status"], where: { tenantId, kind: "customer", parentId: { not: null } }, _count: { _all: true }, orderBy: { status: "asc" } }),
    prisma.membership.count({ where: { tenantId } }),
    prisma.membership.findMany({
      where: { tenantId, accountId: tenantId, role: "owner" },
      select: { user: { select: { name: true, email: true, username: true, lastSignInAt: true } } },
      orderBy: { id: "asc" },
    }),
    prisma.invitation.findFirst({
      where: { tenantId, parentAccountId: tenantId, kind: "join_account", status: "pending" },
      select: { id: true, email: true, expiresAt: true, lastSentAt: true },
      orderBy: { id: "desc" },
    }),
    prisma.payment.aggregate({ where: { tenantId }, _count: { _all: true } }),
  ]);
  const memberCount = (status: string) => members.find((m) => m.status === status)?._count._all ?? 0;
  return {
    ...row,
    maxDepth: tenant.maxDepth,
    // funding holds minus everything paid in; usage everything charged and not refunded
    received: (-funding.balance).toString(),
    charged: usage.balance.toString(),
    members: { active: memberCount("active"), suspended: memberCount("suspended"), closed: memberCount("closed") },
    users,
    // `email`: what the owner signs in with (a username when the owner has no address)
    owners: owners.map((o) => ({ name: o.user.name, email: signInNameOf(o.user), lastSignInAt: o.user.lastSignInAt?.toISOString() ?? null })),
    pendingOwnerInvitation: pendingOwner
      ? { id: pendingOwner.id, email: pendingOwner.email, expiresAt: pendingOwner.expiresAt.toISOString(), isExpired: pendingOwner.expiresAt <= new Date() }
      : null,
    paymentCount: received._count._all,
  };
}

export type PaymentRow = {
  tenantId: number;
  tenantName: string;
  transferId: string;
  amount: string;
  currency: string;
  reference: string;
  memo: string | null;
  recordedBy: string;
  createdAt: string;
};

/** Payments newest first, of one tenant or of all. */
export async function listPayments(query: Partial<ListPaymentsQuery> = {}) {
  const q = listPaymentsQuerySchema.parse(query);
  const where = q.tenantId ? { tenantId: q.tenantId } : {};
  const [rows, total] = await Promise.all([paymentRows(where, (q.page - 1) * q.pageSize, q.pageSize), prisma.payment.count({ where })]);
  return { rows, total, page: q.page, pageSize: q.pageSize };
}

/** One payment, by its topup transfer. */
export async function getPayment(tenantId: number, transferId: bigint) {
  const [row] = await paymentRows({ tenantId, transferId }, 0, 1);
  if (!row) throw new NotFoundError("Payment not found.");
  return row;
}

async function paymentRows(where: Prisma.PaymentWhereInput, skip: number, take: number): Promise<PaymentRow[]> {
  const rows = await prisma.payment.findMany({
    where,
    orderBy: [{ createdAt: "desc" }, { transferId: "desc" }],
    skip,
    take,
    select: {
      tenantId: true,
      transferId: true,
      reference: true,
      recordedByUserId: true,
      recordedByKeyId: true,
      createdAt: true,
      tenant: { select: { name: true, currency: true } },
      transfer: { select: { amount: true, memo: true } },
    },
  });
  const userIds = [...new Set(rows.flatMap((r) => (r.recordedByUserId ? [r.recordedByUserId] : [])))];
  const keyIds = [...new Set(rows.flatMap((r) => (r.recordedByKeyId ? [r.recordedByKeyId] : [])))];
  const [users, keys] = await Promise.all([
    userIds.length ? prisma.user.findMany({ where: { id: { in: userIds } }, select: { id: true, name: true } }) : [],
    keyIds.length ? prisma.operatorApiKey.findMany({ where: { id: { in: keyIds } }, select: { id: true, name: true } }) : [],
  ]);
  const userName = new Map(users.map((u) => [u.id, u.name]));
  const keyName = new Map(keys.map((k) => [k.id, k.name]));
  return rows.map((r) => ({
    tenantId: r.tenantId,
    tenantName: r.tenant.name,
    transferId: r.transferId.toString(),
    amount: r.transfer.amount.toString(),
    currency: r.tenant.currency.trim(),
    reference: r.reference,
    memo: r.transfer.memo,
    recordedBy: r.recordedByUserId ? (userName.get(r.recordedByUserId) ?? `user #${r.recordedByUserId}`) : `API key “${keyName.get(r.recordedByKeyId!) ?? r.recordedByKeyId}”`,
    createdAt: r.createdAt.toISOString(),
  }));
}

/**
 * The console's front page: tenants by status, money received this month and messages and spend by day for the
 * last 30 days (per currency: tenants keep their own), and the active tenants with the lowest balances.
 */
export async function platformTotals({ days = 30, now = new Date() } = {}) {
  const month = monthStart(now);
  const from = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - (days - 1)));
  const [statuses, received, daily, lowest] = await Promise.all([
    prisma.$queryRaw<{ status: TenantRow["status"]; n: bigint }[]>`
      SELECT a.status::text AS status, count(*) AS n FROM tenant t JOIN account a ON a.tenant_id = t.id AND a.id = t.id GROUP BY a.status`,
    prisma.$queryRaw<{ currency: string; amount: bigint; payments: bigint }[]>`
      SELECT trim(t.currency) AS currency, sum(x.amount)::bigint AS amount, count(*) AS payments
        FROM payment p JOIN transfer x ON x.tenant_id = p.tenant_id AND x.id = p.transfer_id JOIN tenant t ON t.id = p.tenant_id
       WHERE p.created_at >= ${month} GROUP BY 1 ORDER BY 1`,
    prisma.$queryRaw<{ day: Date; currency: string; messages: bigint; segments: bigint; cost: bigint; delivered: bigint; failed: bigint }[]>`
      SELECT d.day, trim(t.currency) AS currency, sum(d.messages)::bigint AS messages, sum(d.segments)::bigint AS segments,
             sum(d.cost)::bigint AS cost, coalesce(sum(d.messages) FILTER (WHERE d.status = 'delivered'), 0)::bigint AS delivered,
             coalesce(sum(d.messages) FILTER (WHERE d.status = 'failed'), 0)::bigint AS failed
        FROM message_stats_tenant_day d JOIN tenant t ON t.id = d.tenant_id
       WHERE d.day >= ${from}::date GROUP BY 1, 2 ORDER BY 1, 2`,
    prisma.$queryRaw<{ tenantId: number; name: string; currency: string; balance: bigint }[]>`
      SELECT t.id AS "tenantId", t.name, trim(t.currency) AS currency, a.balance
        FROM tenant t JOIN account a ON a.tenant_id = t.id AND a.id = t.id
       WHERE a.status = 'active' ORDER BY a.balance ASC, t.id ASC LIMIT 5`,
  ]);
  const count = (s: string) => Number(statuses.find((r) => r.status === s)?.n ?? 0);
  return {
    tenants: { active: count("active"), suspended: count("suspended"), closed: count("closed") },
    receivedThisMonth: received.map((r) => ({ currency: r.currency, amount: r.amount.toString(), payments: Number(r.payments) })),
    daily: dailyByCurrency(daily, from, days),
    from: from.toISOString().slice(0, 10),
    days,
    lowestBalances: lowest.map((l) => ({ tenantId: l.tenantId, name: l.name, currency: l.currency, balance: l.balance.toString() })),
  };
}

/** The operators' audit log, newest first. */
export async function listOperatorAudit(query: Partial<ListOperatorAuditQuery> = {}) {
  const q = listOperatorAuditQuerySchema.parse(query);
  const where: Prisma.OperatorAuditEventWhereInput = { ...(q.tenantId ? { tenantId: q.tenantId } : {}), ...(q.action ? { action: q.action } : {}) };
  const [rows, total] = await prisma.$transaction([
    prisma.operatorAuditEvent.findMany({ where, orderBy: [{ createdAt: "desc" }, { id: "desc" }], skip: (q.page - 1) * q.pageSize, take: q.pageSize }),
    prisma.operatorAuditEvent.count({ where }),
  ]);
  const tenantIds = [...new Set(rows.flatMap((r) => (r.tenantId ? [r.tenantId] : [])))];
  const tenants = tenantIds.length ? await prisma.tenant.findMany({ where: { id: { in: tenantIds } }, select: { id: true, name: true } }) : [];
  const tenantName = new Map(tenants.map((t) => [t.id, t.name]));
  return {
    rows: rows.map((r) => ({
      id: r.id.toString(),
      createdAt: r.createdAt.toISOString(),
      action: r.action,
      tenantId: r.tenantId,
      tenantName: r.tenantId ? (tenantName.get(r.tenantId) ?? null) : null,
      actor: r.actorLabel ?? (r.actorUserId ? `user #${r.actorUserId}` : r.actorKeyId ? `key #${r.actorKeyId}` : "system"),
      ip: r.ip,
      after: r.after,
      before: r.before,
      detail: r.detail,
    })),
    total,
    page: q.page,
    pageSize: q.pageSize,
  };
}

/** The operators and the operator invitations not yet used. */
export async function listOperators() {
  const [operators, invitations] = await Promise.all([
    prisma.user.findMany({ where: { isOperator: true }, select: { id: true, name: true, email: true, createdAt: true, lastSignInAt: true }, orderBy: { id: "asc" } }),
    prisma.singleUseToken.findMany({
      where: { purpose: "operator_invitation", usedAt: null, revokedAt: null },
      select: { id: true, email: true, createdAt: true, expiresAt: true },
      orderBy: { id: "desc" },
    }),
  ]);
  const now = new Date();
  return {
    operators: operators.map((o) => ({ ...o, createdAt: o.createdAt.toISOString(), lastSignInAt: o.lastSignInAt?.toISOString() ?? null })),
    invitations: invitations.map((i) => ({ id: i.id, email: i.email ?? "", createdAt: i.createdAt.toISOString(), expiresAt: i.expiresAt.toISOString(), isExpired: i.expiresAt <= now })),
  };
}

/** Per currency, every day of the range (a day without traffic at zero), as the daily chart takes it. */
function dailyByCurrency(
  rows: { day: Date; currency: string; messages: bigint; segments: bigint; cost: bigint; delivered: bigint; failed: bigint }[],
  from: Date,
  days: number,
) {
  const currencies = [...new Set(rows.map((r) => r.currency))].sort();
  return currencies.map((currency) => {
    const byDay = new Map(rows.filter((r) => r.currency === currency).map((r) => [r.day.toISOString().slice(0, 10), r]));
    const points = Array.from({ length: days }, (_, i) => {
      const day = new Date(from.getTime() + i * 86_400_000).toISOString().slice(0, 10);
      const r = byDay.get(day);
      return {
        day,
        messages: Number(r?.messages ?? 0),
        segments: Number(r?.segments ?? 0),
        cost: (r?.cost ?? 0n).toString(),
        delivered: Number(r?.delivered ?? 0),
        failed: Number(r?.failed ?? 0),
      };
    });
    return { currency, points };
  });
}

/** The operators' API keys, newest first; the secret is never shown again, only its mask. */
export async function listOperatorKeys() {
  const keys = await prisma.operatorApiKey.findMany({
    orderBy: [{ revokedAt: { sort: "desc", nulls: "first" } }, { id: "desc" }],
    select: { id: true, keyId: true, lastFour: true, name: true, createdAt: true, lastUsedAt: true, revokedAt: true, createdBy: { select: { name: true } } },
  });
  return keys.map((k) => ({
    id: k.id,
    name: k.name,
    masked: maskOperatorKey(k.keyId, k.lastFour),
    createdBy: k.createdBy.name,
    createdAt: k.createdAt.toISOString(),
    lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
    revokedAt: k.revokedAt?.toISOString() ?? null,
  }));
}
