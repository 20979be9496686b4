import { prisma } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import type { DomainContext } from "@/lib/domain/context";
import { getAccountInSubtree } from "@/lib/domain/accounts/internal";
import { maskApiKey } from "@/lib/domain/api-keys/api-key-format";
import { auditActionLabel } from "./actions";
import type { AuditFields } from "./changes";
import type { ListAuditQuery } from "./list-audit-schema";
import { signInNameOf } from "@/lib/domain/users/sign-in-name";

type Scope = Pick<DomainContext, "tenantId" | "accountId">;

export type AuditActor =
  | { kind: "user"; id: number; name: string; email: string | null }
  | { kind: "api_key"; id: number; name: string; key: string | null }
  | { kind: "label"; name: string };

export type AuditLine = {
  id: string;
  createdAt: string;
  action: string;
  actionLabel: string;
  accountId: number | null;
  accountName: string | null;
  actor: AuditActor;
  /**
   * false when the actor's own account is above the viewer's (a reseller's staff acting on its member): the
   * member sees who did it, but not their e-mail, key, address or browser
   */
  isActorInView: boolean;
  ip: string | null;
  userAgent: string | null;
  before: AuditFields | null;
  after: AuditFields | null;
  detail: string | null;
};

type EventRow = {
  id: bigint;
  created_at: Date;
  action: string;
  account_id: number | null;
  account_name: string | null;
  actor_user_id: number | null;
  user_name: string | null;
  user_email: string | null;
  actor_api_key_id: number | null;
  key_name: string | null;
  key_id: string | null;
  last_four: string | null;
  is_actor_in_view: boolean | null;
  actor_label: string | null;
  ip: string | null;
  user_agent: string | null;
  before: AuditFields | null;
  after: AuditFields | null;
  detail: string | null;
};

/**
 * The WHERE of an audit view: the events on `accountId` and every account below it, narrowed by the filters.
 * The master's subtree is the whole tenant, so it needs no account filter (and the (tenant, time) index pages it).
 */
async function eventWhere(ctx: Scope, accountId: number, query: Omit<ListAuditQuery, "page" | "pageSize">) {
  const account = await getAccountInSubtree(prisma, ctx, accountId);
  const and: Prisma.Sql[] = [Prisma.sql`e.tenant_id = ${ctx.tenantId}`];
  if (account.parentId !== null) {
    and.push(Prisma.sql`e.account_id IN (SELECT s.id FROM account s WHERE s.tenant_id = ${ctx.tenantId} AND s.path @> ARRAY[${account.id}]::int[])`);
  }
  // the scope above keeps a member outside the viewed subtree from matching anything
  if (query.member) and.push(Prisma.sql`e.account_id = ${query.member}`);
  if (query.action) and.push(Prisma.sql`e.action = ${query.action}`);
  if (query.actor?.type === "user") and.push(Prisma.sql`e.actor_user_id = ${query.actor.id}`);
  if (query.actor?.type === "key") and.push(Prisma.sql`e.actor_api_key_id = ${query.actor.id}`);
  if (query.from) and.push(Prisma.sql`e.created_at >= ${`${query.from}T00:00:00Z`}::timestamptz`);
  if (query.to) and.push(Prisma.sql`e.created_at < ${`${query.to}T00:00:00Z`}::timestamptz + interval '1 day'`);
  return { account, where: Prisma.join(and, " AND ") };
}

/**
 * The events of `page` (already filtered, ordered and cut), with the names behind their ids. An actor is "in
 * view" when its own account lies in the viewer's subtree (or it has no account: a system actor, an address
 * tried at sign-in).
 */
function withNames(ctx: Scope, page: Prisma.Sql) {
  return prisma.$queryRaw<EventRow[]>`
    WITH page AS (${page})
    SELECT p.id, p.created_at, p.action, p.account_id, a.name AS account_name,
           p.actor_user_id, u.name AS user_name, u.email AS user_email,
           p.actor_api_key_id, k.name AS key_name, k.key_id, k.last_four,
           coalesce(ua.path, ka.path) @> ARRAY[${ctx.accountId}]::int[] AS is_actor_in_view,
           p.actor_label, host(p.ip) AS ip, p.user_agent, p.before, p.after, p.detail
      FROM page p
      LEFT JOIN account a ON a.tenant_id = p.tenant_id AND a.id = p.account_id
      LEFT JOIN app_user u ON u.id = p.actor_user_id
      LEFT JOIN membership m ON m.user_id = p.actor_user_id AND m.tenant_id = p.tenant_id
      LEFT JOIN account ua ON ua.tenant_id = m.tenant_id AND ua.id = m.account_id
      LEFT JOIN api_key k ON k.tenant_id = p.tenant_id AND k.id = p.actor_api_key_id
      LEFT JOIN account ka ON ka.tenant_id = k.tenant_id AND ka.id = k.account_id
     ORDER BY p.created_at DESC, p.id DESC`;
}

function toLine(row: EventRow): AuditLine {
  const isActorInView = row.is_actor_in_view !== false;
  const actor: AuditActor =
    row.actor_user_id !== null
      ? { kind: "user", id: row.actor_user_id, name: row.user_name ?? `user #${row.actor_user_id}`, email: isActorInView ? row.user_email : null }
      : row.actor_api_key_id !== null
        ? {
            kind: "api_key",
            id: row.actor_api_key_id,
            name: row.key_name ?? `key #${row.actor_api_key_id}`,
            key: isActorInView && row.key_id && row.last_four ? maskApiKey(row.key_id, row.last_four) : null,
          }
        : { kind: "label", name: row.actor_label ?? "System" };
  return {
    id: row.id.toString(),
    createdAt: row.created_at.toISOString(),
    action: row.action,
    actionLabel: auditActionLabel(row.action),
    accountId: row.account_id,
    accountName: row.account_name,
    actor,
    isActorInView,
    ip: isActorInView ? row.ip : null,
    userAgent: isActorInView ? row.user_agent : null,
    before: row.before,
    after: row.after,
    detail: row.detail,
  };
}

/** One page of the audit log of `accountId`'s subtree, newest first, with the filtered total. */
export async function listAuditEvents(ctx: Scope, accountId: number, query: ListAuditQuery) {
  const { where } = await eventWhere(ctx, accountId, query);
  const offset = (query.page - 1) * query.pageSize;
  const [rows, [{ total }]] = await Promise.all([
    withNames(ctx, Prisma.sql`SELECT e.* FROM audit_event e WHERE ${where} ORDER BY e.created_at DESC, e.id DESC LIMIT ${query.pageSize} OFFSET ${offset}`),
    prisma.$queryRaw<{ total: bigint }[]>`SELECT count(*) AS total FROM audit_event e WHERE ${where}`,
  ]);
  return { rows: rows.map(toLine), total: Number(total), page: query.page, pageSize: query.pageSize };
}

/**
 * Every event of the filtered log, newest first, in batches (keyset on time and id: a million rows never sit in
 * memory), for the streamed CSV export.
 */
export async function* iterateAuditEvents(ctx: Scope, accountId: number, query: ListAuditQuery, batchSize = 1000) {
  const { where } = await eventWhere(ctx, accountId, query);
  let after: { createdAt: Date; id: bigint } | undefined;
  for (;;) {
    const keyset = after ? Prisma.sql`AND (e.created_at, e.id) < (${after.createdAt}::timestamptz, ${after.id}::bigint)` : Prisma.empty;
    const rows = await withNames(ctx, Prisma.sql`SELECT e.* FROM audit_event e WHERE ${where} ${keyset} ORDER BY e.created_at DESC, e.id DESC LIMIT ${batchSize}`);
    for (const row of rows) yield toLine(row);
    if (rows.length < batchSize) return;
    const last = rows[rows.length - 1];
    after = { createdAt: last.created_at, id: last.id };
  }
}

/**
 * The choices of the page's filters: the accounts of the viewed subtree, and who may have acted on them (the
 * users and keys of the viewer's own subtree). Capped: a filter list, not a table.
 */
export async function listAuditFilterOptions(ctx: Scope, accountId: number, limit = 300) {
  const account = await getAccountInSubtree(prisma, ctx, accountId);
  const [accounts, users, keys] = await Promise.all([
    prisma.account.findMany({
      where: { tenantId: ctx.tenantId, kind: "customer", path: { has: account.id } },
      select: { id: true, name: true },
      orderBy: [{ depth: "asc" }, { name: "asc" }],
      take: limit,
    }),
    prisma.membership.findMany({
      where: { tenantId: ctx.tenantId, account: { path: { has: ctx.accountId } } },
      select: { user: { select: { id: true, name: true, email: true, username: true } } },
      orderBy: { user: { name: "asc" } },
      take: limit,
    }),
    prisma.apiKey.findMany({
      where: { tenantId: ctx.tenantId, account: { path: { has: ctx.accountId } } },
      select: { id: true, name: true, account: { select: { name: true } } },
      orderBy: [{ account: { name: "asc" } }, { name: "asc" }],
      take: limit,
    }),
  ]);
  return {
    accounts,
    users: users.map(({ user }) => ({ id: user.id, name: user.name, email: signInNameOf(user) })),
    keys: keys.map((k) => ({ id: k.id, name: `${k.name} (${k.account.name})` })),
  };
}
