import { prisma } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import type { DomainContext } from "@/lib/domain/context";
import { NotFoundError } from "@/lib/domain/errors";
import { getAccountInSubtree } from "@/lib/domain/accounts/internal";
import { maskApiKey } from "@/lib/domain/api-keys/api-key-format";
import type { ListMembersQuery } from "./list-members-schema";
import { invoicingCandidates } from "./managed-member";

type Scope = Pick<DomainContext, "tenantId" | "accountId">;

export type MemberRow = {
  id: number;
  parentId: number;
  depth: number;
  name: string;
  contactEmail: string | null;
  apiKey: string | null;
  /** micro-units as a string (bigint does not cross to the browser) */
  balance: string;
  status: "active" | "suspended" | "closed";
  paymentModel: "prepaid" | "postpaid";
  invoicingAccountId: number | null;
  monthlyVolumeLimit: number | null;
  /** messages sent this calendar month (UTC), against monthlyVolumeLimit */
  messagesThisMonth: number;
  isPartner: boolean;
  openChildren: number;
  createdAt: string;
  /** the member's auto-recharge rule in short (micro-units as strings), or null when it has none */
  autoRecharge: AutoRechargeSummary | null;
  /** where SMS Central-style delivery receipts are pushed (the password never leaves the database), or null */
  deliveryReceipt: { url: string; userName: string | null; hasPassword: boolean } | null;
};

/** A row that may also be a master (the key's own account): no parent. */
export type AccountRow = Omit<MemberRow, "parentId"> & { parentId: number | null };

export type AutoRechargeSummary = { enabled: boolean; threshold: string; amount: string | null; target: string | null };

type RawRow = Omit<AccountRow, "balance" | "apiKey" | "openChildren" | "createdAt" | "messagesThisMonth" | "autoRecharge" | "deliveryReceipt"> & {
  messagesThisMonth: number | null;
  balance: bigint;
  keyId: string | null;
  lastFour: string | null;
  openChildren: bigint;
  createdAt: Date;
  rechargeEnabled: boolean | null;
  rechargeThreshold: bigint | null;
  rechargeAmount: bigint | null;
  rechargeTarget: bigint | null;
  receiptUrl: string | null;
  receiptUserName: string | null;
  receiptHasPassword: boolean | null;
  total: bigint;
};

const ORDER_BY: Record<ListMembersQuery["sort"], Prisma.Sql> = {
  name: Prisma.sql`lower(a.name) ASC, a.id ASC`,
  "-name": Prisma.sql`lower(a.name) DESC, a.id DESC`,
  balance: Prisma.sql`a.balance ASC, a.id ASC`,
  "-balance": Prisma.sql`a.balance DESC, a.id DESC`,
  created: Prisma.sql`a.created_at ASC, a.id ASC`,
  "-created": Prisma.sql`a.created_at DESC, a.id DESC`,
  status: Prisma.sql`a.status ASC, lower(a.name) ASC, a.id ASC`,
  "-status": Prisma.sql`a.status DESC, lower(a.name) ASC, a.id ASC`,
};

function filters(query: Pick<ListMembersQuery, "q" | "status" | "payment">) {
  const parts: Prisma.Sql[] = [];
  if (query.status === "open") parts.push(Prisma.sql`a.status <> 'closed'`);
  else parts.push(Prisma.sql`a.status = ${query.status}::account_status`);
  if (query.payment !== "any") parts.push(Prisma.sql`a.payment_model = ${query.payment}::payment_model`);
  if (query.q) {
    const like = `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    parts.push(Prisma.sql`(a.name ILIKE ${like} OR a.contact_email ILIKE ${like} OR a.id::text = ${query.q})`);
  }
  return Prisma.join(parts, " AND ");
}

async function selectChildren(ctx: Scope, parentId: number, where: Prisma.Sql, orderBy: Prisma.Sql, limit: number, offset: number) {
  // one statement: first the page's ids (filter, order, offset on the account rows alone, with the total),
  // then the page's extras for those rows only
  return selectRows(
    ctx,
    Prisma.sql`
      SELECT a.id, count(*) OVER () AS total
      FROM account a
      WHERE a.tenant_id = ${ctx.tenantId} AND a.parent_id = ${parentId} AND ${where}
      ORDER BY ${orderBy}
      LIMIT ${limit} OFFSET ${offset}`,
    orderBy,
  );
}

/**
 * The rows whose ids `page` selects (columns `id`, `total`), with their extras: first live API key, open
 * children, this month's messages, auto-recharge rule.
 */
async function selectRows(ctx: Scope, page: Prisma.Sql, orderBy: Prisma.Sql) {
  return prisma.$queryRaw<RawRow[]>`
    WITH page AS (${page})
    SELECT a.id, a.parent_id AS "parentId", a.depth, a.name, a.contact_email AS "contactEmail", a.balance,
           a.status::text AS status, a.payment_model::text AS "paymentModel", a.invoicing_account_id AS "invoicingAccountId",
           a.monthly_volume_limit AS "monthlyVolumeLimit", a.is_partner AS "isPartner", a.created_at AS "createdAt",
           k.key_id AS "keyId", k.last_four AS "lastFour",
           r.enabled AS "rechargeEnabled", r.threshold AS "rechargeThreshold", r.amount AS "rechargeAmount", r.target AS "rechargeTarget",
           d.url AS "receiptUrl", d.user_name AS "receiptUserName", d.password_sealed IS NOT NULL AS "receiptHasPassword",
           (SELECT count(*) FROM account c WHERE c.tenant_id = a.tenant_id AND c.parent_id = a.id AND c.status <> 'closed') AS "openChildren",
           (SELECT u.messages FROM monthly_usage u WHERE u.tenant_id = a.tenant_id AND u.account_id = a.id
              AND u.month = date_trunc('month', now() AT TIME ZONE 'UTC')::date) AS "messagesThisMonth",
           page.total
    FROM page
    JOIN account a ON a.tenant_id = ${ctx.tenantId} AND a.id = page.id
    LEFT JOIN LATERAL (
      -- a usable key; after a rotation, the successor rather than the key in its grace period
      SELECT key_id, last_four FROM api_key
      WHERE tenant_id = a.tenant_id AND account_id = a.id AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > now())
      ORDER BY expires_at IS NOT NULL, created_at LIMIT 1
    ) k ON true
    LEFT JOIN auto_recharge_rule r ON r.tenant_id = a.tenant_id AND r.account_id = a.id
    LEFT JOIN delivery_receipt_url d ON d.tenant_id = a.tenant_id AND d.account_id = a.id
    ORDER BY ${orderBy}`;
}

// a child always has a parent: only getAccountRow can meet a master
const toRow = (r: RawRow) => toAccountRow(r) as MemberRow;

function toAccountRow(r: RawRow): AccountRow {
  return {
    id: r.id,
    parentId: r.parentId,
    depth: r.depth,
    name: r.name,
    contactEmail: r.contactEmail,
    apiKey: r.keyId && r.lastFour ? maskApiKey(r.keyId, r.lastFour) : null,
    balance: r.balance.toString(),
    status: r.status,
    paymentModel: r.paymentModel,
    invoicingAccountId: r.invoicingAccountId,
    monthlyVolumeLimit: r.monthlyVolumeLimit,
    messagesThisMonth: r.messagesThisMonth ?? 0,
    isPartner: r.isPartner,
    openChildren: Number(r.openChildren),
    createdAt: r.createdAt.toISOString(),
    autoRecharge:
      r.rechargeThreshold === null
        ? null
        : {
            enabled: r.rechargeEnabled === true,
            threshold: r.rechargeThreshold.toString(),
            amount: r.rechargeAmount?.toString() ?? null,
            target: r.rechargeTarget?.toString() ?? null,
          },
    deliveryReceipt: r.receiptUrl === null ? null : { url: r.receiptUrl, userName: r.receiptUserName, hasPassword: r.receiptHasPassword === true },
  };
}

/** One account of the caller's subtree (its own included, so also a master) as a team-table row; 404 outside it. */
export async function getAccountRow(ctx: Scope, accountId: number): Promise<AccountRow> {
  const [row] = await selectRows(
    ctx,
    Prisma.sql`
      SELECT a.id, 1::bigint AS total
      FROM account a
      WHERE a.tenant_id = ${ctx.tenantId} AND a.id = ${accountId} AND a.kind = 'customer' AND a.path @> ARRAY[${ctx.accountId}::int]`,
    ORDER_BY.name,
  );
  if (!row) throw new NotFoundError("Account not found.");
  return toAccountRow(row);
}

const EXPANDED_CHILDREN = 20;

/**
 * One page of an account's direct members, filtered, searched and sorted on the server, with the first members
 * of each expanded partner row.
 */
export async function listMembers(ctx: Scope, parentId: number, query: ListMembersQuery) {
  const parent = await getAccountInSubtree(prisma, ctx, parentId);
  const where = filters(query);
  const rows = await selectChildren(ctx, parent.id, where, ORDER_BY[query.sort], query.pageSize, (query.page - 1) * query.pageSize);
  let total = Number(rows[0]?.total ?? 0);
  if (rows.length === 0 && query.page > 1) {
    // past the last page: still report how many there are, so the pager can lead back
    const [{ count }] = await prisma.$queryRaw<{ count: bigint }[]>`
      SELECT count(*) FROM account a WHERE a.tenant_id = ${ctx.tenantId} AND a.parent_id = ${parent.id} AND ${where}`;
    total = Number(count);
  }
  const pageRows = rows.map(toRow);
  const expandable = new Set(pageRows.filter((r) => r.isPartner && r.openChildren > 0).map((r) => r.id));
  const expanded: Record<number, MemberRow[]> = {};
  for (const id of query.expand.filter((id) => expandable.has(id))) {
    const children = await selectChildren(ctx, id, Prisma.sql`a.status <> 'closed'`, ORDER_BY.name, EXPANDED_CHILDREN, 0);
    expanded[id] = children.map(toRow);
  }
  const tenant = await prisma.tenant.findUniqueOrThrow({ where: { id: ctx.tenantId }, select: { maxDepth: true } });
  return {
    parent: {
      id: parent.id,
      name: parent.name,
      isPartner: parent.isPartner,
      status: parent.status,
      currency: parent.currency,
      balance: parent.balance.toString(),
      paymentModel: parent.paymentModel,
      depth: parent.depth,
      /** why no member can be added here, or null when one can */
      cannotAddReason: !parent.isPartner
        ? `${parent.name} is not a partner account, so it cannot have members.`
        : parent.status !== "active"
          ? `${parent.name} is ${parent.status}: it cannot get new members.`
          : parent.depth + 1 >= tenant.maxDepth
            ? `The account tree is limited to ${tenant.maxDepth} levels: ${parent.name} is on the last one.`
            : null,
    },
    rows: pageRows,
    total,
    expanded,
    page: query.page,
    pageSize: query.pageSize,
  };
}

/** The ancestors a postpaid member under `parentId` may be invoiced to, for the settings form. */
export async function listInvoicingOptions(ctx: Scope, parentId: number) {
  const parent = await getAccountInSubtree(prisma, ctx, parentId);
  const ids = invoicingCandidates(parent.path, ctx.accountId);
  const rows = await prisma.account.findMany({ where: { tenantId: ctx.tenantId, id: { in: ids } }, select: { id: true, name: true } });
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.map((id) => byId.get(id)!).filter(Boolean);
}
