import { prisma } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import { getAccountInSubtree } from "@/lib/domain/accounts/internal";
import type { DomainContext } from "@/lib/domain/context";
import { maskApiKey } from "./api-key-format";
import { apiKeyStatusOf } from "./internal";
import type { ApiKeyStatus, ListApiKeysQuery } from "./schemas";

/** What a key reaches: there is no narrower scope, a key acts for its account and everything below it. */
export type ApiKeyScope = "account_and_subtree";

/** A key as the list shows it: never its hash, and of the secret only the last four characters. */
export type ApiKeyRow = {
  id: number;
  name: string;
  /** `sk_live_<keyId>_…<last four>` */
  masked: string;
  status: ApiKeyStatus;
  scope: ApiKeyScope;
  createdAt: string;
  /** the user who created it; null for the seed, a rotation through the API, or a removed user */
  createdBy: string | null;
  lastUsedAt: string | null;
  expiresAt: string | null;
  revokedAt: string | null;
};

function statusWhere(status: ApiKeyStatus | undefined, now: Date): Prisma.ApiKeyWhereInput {
  switch (status) {
    case undefined:
      return {};
    case "active":
      return { revokedAt: null, expiresAt: null };
    case "expiring":
      return { revokedAt: null, expiresAt: { gt: now } };
    case "expired":
      return { revokedAt: null, expiresAt: { lte: now } };
    case "revoked":
      return { revokedAt: { not: null } };
  }
}

/**
 * One page of the keys of `accountId` (in the caller's subtree), newest first, with what their scope covers:
 * the account and the open accounts below it. Any role may read it; nothing secret is in it.
 */
export async function listApiKeys(
  ctx: Pick<DomainContext, "tenantId" | "accountId">,
  accountId: number,
  query: Pick<ListApiKeysQuery, "page" | "pageSize" | "status">,
) {
  const account = await getAccountInSubtree(prisma, ctx, accountId);
  const now = new Date();
  const where: Prisma.ApiKeyWhereInput = { tenantId: ctx.tenantId, accountId: account.id, ...statusWhere(query.status, now) };
  const [rows, total, accountsBelow] = await prisma.$transaction([
    prisma.apiKey.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      skip: (query.page - 1) * query.pageSize,
      take: query.pageSize,
      select: { id: true, name: true, keyId: true, lastFour: true, createdAt: true, createdByUserId: true, lastUsedAt: true, expiresAt: true, revokedAt: true },
    }),
    prisma.apiKey.count({ where }),
    prisma.account.count({
      where: { tenantId: ctx.tenantId, kind: "customer", path: { has: account.id }, id: { not: account.id }, status: { not: "closed" } },
    }),
  ]);
  const creatorIds = [...new Set(rows.map((r) => r.createdByUserId).filter((id): id is number => id !== null))];
  const creators = creatorIds.length ? await prisma.user.findMany({ where: { id: { in: creatorIds } }, select: { id: true, name: true } }) : [];
  const creatorName = new Map(creators.map((u) => [u.id, u.name]));
  return {
    account: { id: account.id, name: account.name, status: account.status, isPartner: account.isPartner },
    scope: { accountId: account.id, accountName: account.name, accountsBelow },
    rows: rows.map(
      (r): ApiKeyRow => ({
        id: r.id,
        name: r.name,
        masked: maskApiKey(r.keyId, r.lastFour),
        status: apiKeyStatusOf(r, now),
        scope: "account_and_subtree",
        createdAt: r.createdAt.toISOString(),
        createdBy: r.createdByUserId === null ? null : (creatorName.get(r.createdByUserId) ?? null),
        lastUsedAt: r.lastUsedAt?.toISOString() ?? null,
        expiresAt: r.expiresAt?.toISOString() ?? null,
        revokedAt: r.revokedAt?.toISOString() ?? null,
      }),
    ),
    total,
    page: query.page,
    pageSize: query.pageSize,
  };
}
