import { prisma } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import type { DomainContext } from "@/lib/domain/context";
import { getAccountInSubtree } from "@/lib/domain/accounts/internal";
import type { ListTransfersQuery } from "./list-transfers-schema";

type Scope = Pick<DomainContext, "tenantId" | "accountId">;

/** The WHERE of a ledger view: one account's transfers or its whole subtree's, narrowed by the filters. */
async function transferWhere(ctx: Scope, accountId: number, query: Omit<ListTransfersQuery, "page" | "pageSize" | "sort">) {
  const account = await getAccountInSubtree(prisma, ctx, accountId);
  const and: Prisma.TransferWhereInput[] = [{ tenantId: ctx.tenantId }];
  if (query.scope === "subtree") {
    // the master's subtree is the whole tenant (every transfer has a customer side): no filter, which kept a
    // big tree's Overview waiting on a join over its whole ledger (npm run bench -- stats)
    if (account.parentId !== null) {
      and.push({ OR: [{ fromAccount: { path: { has: account.id } } }, { toAccount: { path: { has: account.id } } }] });
    }
  } else {
    and.push({ OR: [{ fromAccountId: account.id }, { toAccountId: account.id }] });
  }
  if (query.member) {
    // a member outside the viewed account's subtree matches nothing rather than leaking its lines
    const member = await prisma.account.findFirst({
      where: { tenantId: ctx.tenantId, id: query.member, path: { has: account.id } },
      select: { id: true },
    });
    and.push({ OR: [{ fromAccountId: member?.id ?? -1 }, { toAccountId: member?.id ?? -1 }] });
  }
  if (query.kind) and.push({ kind: query.kind });
  if (query.from) and.push({ createdAt: { gte: new Date(`${query.from}T00:00:00.000Z`) } });
  if (query.to) and.push({ createdAt: { lt: new Date(Date.parse(`${query.to}T00:00:00.000Z`) + 86_400_000) } });
  if (query.min !== undefined) and.push({ amount: { gte: query.min } });
  if (query.max !== undefined) and.push({ amount: { lte: query.max } });
  return { account, where: { AND: and } satisfies Prisma.TransferWhereInput };
}

const transferSelect = {
  id: true,
  kind: true,
  amount: true,
  fromAccountId: true,
  toAccountId: true,
  fromBalanceAfter: true,
  toBalanceAfter: true,
  memo: true,
  actorUserId: true,
  actorApiKeyId: true,
  createdAt: true,
  fromAccount: { select: { name: true, kind: true } },
  toAccount: { select: { name: true, kind: true } },
} satisfies Prisma.TransferSelect;

type TransferRow = Prisma.TransferGetPayload<{ select: typeof transferSelect }>;

export type LedgerLine = {
  id: string;
  createdAt: string;
  kind: TransferRow["kind"];
  amount: string;
  fromAccountId: number;
  fromName: string;
  fromBalanceAfter: string;
  toAccountId: number;
  toName: string;
  toBalanceAfter: string;
  /** seen from the viewed account: +amount in, -amount out, null when it is not a side (subtree view) */
  signedAmount: string | null;
  /** the viewed account's balance after this line, when it is a side */
  balanceAfter: string | null;
  actor: string;
  memo: string | null;
};

async function actorNames(rows: TransferRow[], tenantId: number) {
  const userIds = [...new Set(rows.map((r) => r.actorUserId).filter((id): id is number => id !== null))];
  const keyIds = [...new Set(rows.map((r) => r.actorApiKeyId).filter((id): id is number => id !== null))];
  const [users, keys] = await Promise.all([
    userIds.length ? prisma.user.findMany({ where: { id: { in: userIds } }, select: { id: true, name: true } }) : [],
    keyIds.length ? prisma.apiKey.findMany({ where: { tenantId, id: { in: keyIds } }, select: { id: true, name: true } }) : [],
  ]);
  return { users: new Map(users.map((u) => [u.id, u.name])), keys: new Map(keys.map((k) => [k.id, k.name])) };
}

const accountLabel = (a: { name: string; kind: string }) => (a.kind === "customer" ? a.name : a.kind === "funding" ? "Funding (money in)" : "Usage (money out)");

function toLine(row: TransferRow, viewedAccountId: number, names: Awaited<ReturnType<typeof actorNames>>): LedgerLine {
  const isFrom = row.fromAccountId === viewedAccountId;
  const isTo = row.toAccountId === viewedAccountId;
  return {
    id: row.id.toString(),
    createdAt: row.createdAt.toISOString(),
    kind: row.kind,
    amount: row.amount.toString(),
    fromAccountId: row.fromAccountId,
    fromName: accountLabel(row.fromAccount),
    fromBalanceAfter: row.fromBalanceAfter.toString(),
    toAccountId: row.toAccountId,
    toName: accountLabel(row.toAccount),
    toBalanceAfter: row.toBalanceAfter.toString(),
    signedAmount: isTo ? row.amount.toString() : isFrom ? (-row.amount).toString() : null,
    balanceAfter: isTo ? row.toBalanceAfter.toString() : isFrom ? row.fromBalanceAfter.toString() : null,
    actor:
      row.actorUserId !== null
        ? (names.users.get(row.actorUserId) ?? `user #${row.actorUserId}`)
        : row.actorApiKeyId !== null
          ? `API key ${names.keys.get(row.actorApiKeyId) ?? `#${row.actorApiKeyId}`}`
          : "System",
    memo: row.memo,
  };
}

/** One page of an account's (or its subtree's) ledger, newest first by default, with the filtered total. */
export async function listTransfers(ctx: Scope, accountId: number, query: ListTransfersQuery) {
  const { account, where } = await transferWhere(ctx, accountId, query);
  const order = query.sort === "oldest" ? "asc" : "desc";
  const [rows, total] = await prisma.$transaction([
    prisma.transfer.findMany({
      where,
      select: transferSelect,
      orderBy: [{ createdAt: order }, { id: order }],
      skip: (query.page - 1) * query.pageSize,
      take: query.pageSize,
    }),
    prisma.transfer.count({ where }),
  ]);
  const names = await actorNames(rows, ctx.tenantId);
  return { rows: rows.map((r) => toLine(r, account.id, names)), total, page: query.page, pageSize: query.pageSize };
}

/**
 * The newest lines of an account's (or its subtree's) ledger, without the filtered total a page shows: counting
 * a big tree's ledger was nearly all of the Overview's recent-activity panel (npm run bench -- stats).
 */
export async function listLatestTransfers(ctx: Scope, accountId: number, query: ListTransfersQuery, limit: number) {
  const { account, where } = await transferWhere(ctx, accountId, query);
  const rows = await prisma.transfer.findMany({ where, select: transferSelect, orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: limit });
  const names = await actorNames(rows, ctx.tenantId);
  return rows.map((r) => toLine(r, account.id, names));
}

/**
 * Every line of the filtered ledger, in batches (keyset on id, so a million rows never sit in memory),
 * for the streamed CSV export.
 */
export async function* iterateTransfers(ctx: Scope, accountId: number, query: ListTransfersQuery, batchSize = 2000) {
  const { account, where } = await transferWhere(ctx, accountId, query);
  let after: bigint | undefined;
  for (;;) {
    const rows = await prisma.transfer.findMany({
      where: after === undefined ? where : { AND: [where, { id: { lt: after } }] },
      select: transferSelect,
      orderBy: { id: "desc" },
      take: batchSize,
    });
    if (rows.length === 0) return;
    const names = await actorNames(rows, ctx.tenantId);
    for (const row of rows) yield toLine(row, account.id, names);
    if (rows.length < batchSize) return;
    after = rows[rows.length - 1].id;
  }
}

/** Members of the viewed account's subtree, for the ledger's member filter (capped: a filter list, not a table). */
export async function listMemberOptions(ctx: Scope, accountId: number, limit = 500) {
  const account = await getAccountInSubtree(prisma, ctx, accountId);
  return prisma.account.findMany({
    where: { tenantId: ctx.tenantId, kind: "customer", path: { has: account.id }, NOT: { id: account.id } },
    select: { id: true, name: true, depth: true },
    orderBy: { name: "asc" },
    take: limit,
  });
}
