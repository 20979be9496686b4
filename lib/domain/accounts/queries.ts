import { prisma } from "@/lib/db/client";
import type { DomainContext } from "@/lib/domain/context";
import { getAccountInSubtree } from "./internal";

export type AccountTreeNode = {
  id: number;
  parentId: number | null;
  depth: number;
  name: string;
  status: "active" | "suspended" | "closed";
  isPartner: boolean;
};

/** The caller's account and everything below it, in tree order (parents before children), capped at `limit`. */
export async function listAccountTree(ctx: Pick<DomainContext, "tenantId" | "accountId">, { limit = 500 } = {}) {
  // ordering by the id path is a depth-first walk of the tree; `path @>` uses the GIN index
  const rows = await prisma.$queryRaw<(AccountTreeNode & { total: bigint })[]>`
    SELECT id, parent_id AS "parentId", depth, name, status::text AS status, is_partner AS "isPartner",
           count(*) OVER () AS total
    FROM account
    WHERE tenant_id = ${ctx.tenantId} AND kind = 'customer' AND path @> ARRAY[${ctx.accountId}::int]
    ORDER BY path
    LIMIT ${limit}`;
  return { nodes: rows.map(({ total: _total, ...node }) => node), total: Number(rows[0]?.total ?? 0) };
}

/**
 * What the account switcher lists for a user with several memberships (DESIGN.md §4): each membership's account
 * and its subtree, one after the other, a membership inside another's subtree only once; `indent` is the depth
 * below the group's root.
 */
export async function listSwitcherTree(memberships: { tenantId: number; accountId: number; path: number[] }[], { limit = 500 } = {}) {
  const roots = memberships.filter((m) => !memberships.some((o) => o.tenantId === m.tenantId && o.accountId !== m.accountId && m.path.includes(o.accountId)));
  const groups = await Promise.all(roots.map((r) => listAccountTree({ tenantId: r.tenantId, accountId: r.accountId }, { limit })));
  const nodes = groups.flatMap((g) => g.nodes.map((n) => ({ ...n, indent: n.depth - (g.nodes[0]?.depth ?? 0) }))).slice(0, limit);
  return { nodes, total: groups.reduce((sum, g) => sum + g.total, 0) };
}

/** `rootId` (an account in the caller's subtree, else 404) and everything below it, as listAccountTree lists them. */
export async function listSubtree(ctx: Pick<DomainContext, "tenantId" | "accountId">, rootId: number, { limit = 500 } = {}) {
  const root = await getAccountInSubtree(prisma, ctx, rootId);
  return listAccountTree({ tenantId: ctx.tenantId, accountId: root.id }, { limit });
}

/** What the Overview page shows of one account. */
export async function getAccountOverview(ctx: Pick<DomainContext, "tenantId" | "accountId">, accountId: number) {
  const account = await getAccountInSubtree(prisma, ctx, accountId);
  const [childCount, subtreeCount, invoicing, parent] = await Promise.all([
    prisma.account.count({ where: { tenantId: ctx.tenantId, parentId: account.id } }),
    prisma.account.count({ where: { tenantId: ctx.tenantId, kind: "customer", path: { has: account.id } } }),
    account.invoicingAccountId && account.invoicingAccountId !== account.id
      ? prisma.account.findFirst({ where: { tenantId: ctx.tenantId, id: account.invoicingAccountId }, select: { id: true, name: true } })
      : null,
    // the parent is shown (and pays credits) only when it is inside the caller's reach
    account.parentId !== null && account.id !== ctx.accountId
      ? prisma.account.findFirst({
          where: { tenantId: ctx.tenantId, id: account.parentId },
          select: { id: true, name: true, balance: true, paymentModel: true, status: true },
        })
      : null,
  ]);
  return {
    id: account.id,
    name: account.name,
    contactEmail: account.contactEmail,
    status: account.status,
    paymentModel: account.paymentModel,
    isPartner: account.isPartner,
    isMaster: account.parentId === null,
    currency: account.currency,
    balance: account.balance,
    monthlyVolumeLimit: account.monthlyVolumeLimit,
    depth: account.depth,
    childCount,
    descendantCount: subtreeCount - 1,
    invoicingAccount: invoicing,
    parent,
    createdAt: account.createdAt,
  };
}

/** Ancestors of an account that the caller may see, for breadcrumbs: from the caller's own account down. */
export async function listBreadcrumbs(ctx: Pick<DomainContext, "tenantId" | "accountId">, accountId: number) {
  const account = await getAccountInSubtree(prisma, ctx, accountId);
  const visibleIds = account.path.slice(account.path.indexOf(ctx.accountId));
  const rows = await prisma.account.findMany({
    where: { tenantId: ctx.tenantId, id: { in: visibleIds } },
    select: { id: true, name: true, parentId: true, isPartner: true },
  });
  const byId = new Map(rows.map(({ parentId, isPartner, ...r }) => [r.id, { ...r, hasMembers: parentId === null || isPartner }]));
  return visibleIds.map((id) => byId.get(id)!).filter(Boolean);
}

/** The caller's own balance (SMS.to's /api/balance): micro-units, with the payment model that explains a negative one. */
export async function getOwnBalance(ctx: Pick<DomainContext, "tenantId" | "accountId" | "currency">) {
  const account = await prisma.account.findUniqueOrThrow({
    where: { tenantId_id: { tenantId: ctx.tenantId, id: ctx.accountId } },
    select: { balance: true, paymentModel: true },
  });
  return { balance: account.balance, currency: ctx.currency, paymentModel: account.paymentModel };
}
