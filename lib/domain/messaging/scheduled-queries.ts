import { Prisma } from "@/lib/db/generated/client";
import { prisma } from "@/lib/db/client";
import { getAccountInSubtree } from "@/lib/domain/accounts/internal";
import type { DomainContext } from "@/lib/domain/context";
import { domainErrorFromSqlState } from "@/lib/db/errors";
import { NotFoundError } from "@/lib/domain/errors";
import type { ScheduledSendStatus } from "@/lib/db/generated/enums";

type Scope = Pick<DomainContext, "tenantId" | "accountId">;

export type ScheduledSendRow = {
  batchId: string;
  accountId: number;
  accountName: string;
  scheduledAt: Date;
  status: ScheduledSendStatus;
  senderId: string;
  campaign: string | null;
  messageCount: number;
  /** the first recipient and text (a bulk request shows "and N more") */
  firstRecipient: string;
  firstBody: string;
  quotedTotal: bigint;
  createdAt: Date;
  doneAt: Date | null;
  /** why it failed when it was due, in words */
  failure: string | null;
  /** the charge, once sent */
  transferId: bigint | null;
};

type RawRow = {
  batch_id: string;
  account_id: number;
  account_name: string;
  scheduled_at: Date;
  status: ScheduledSendStatus;
  sender_id: string;
  campaign: string | null;
  message_count: number;
  first_recipient: string;
  first_body: string;
  quoted_total: bigint;
  created_at: Date;
  done_at: Date | null;
  error_code: string | null;
  error_message: string | null;
  transfer_id: bigint | null;
};

const SELECT = Prisma.sql`
  SELECT s.batch_id::text AS batch_id, s.account_id, a.name AS account_name, s.scheduled_at, s.status, s.sender_id, s.campaign,
      s.message_count, f.recipient AS first_recipient, f.body AS first_body, s.quoted_total, s.created_at, s.done_at,
      s.error_code, s.error_message, s.transfer_id
    FROM scheduled_send s
    JOIN account a ON a.tenant_id = s.tenant_id AND a.id = s.account_id
    JOIN scheduled_message f ON f.tenant_id = s.tenant_id AND f.batch_id = s.batch_id AND f.ord = (
      SELECT min(x.ord) FROM scheduled_message x WHERE x.tenant_id = s.tenant_id AND x.batch_id = s.batch_id)`;

function toRow(r: RawRow, currency: string): ScheduledSendRow {
  return {
    batchId: r.batch_id,
    accountId: r.account_id,
    accountName: r.account_name,
    scheduledAt: r.scheduled_at,
    status: r.status,
    senderId: r.sender_id,
    campaign: r.campaign,
    messageCount: r.message_count,
    firstRecipient: r.first_recipient,
    firstBody: r.first_body,
    quotedTotal: BigInt(r.quoted_total),
    createdAt: r.created_at,
    doneAt: r.done_at,
    failure: r.error_code ? (domainErrorFromSqlState(r.error_code, r.error_message ?? "", currency)?.message ?? r.error_message ?? r.error_code) : null,
    transferId: r.transfer_id === null ? null : BigInt(r.transfer_id),
  };
}

export type ScheduledSendsQuery = {
  scope: "account" | "subtree";
  member?: number;
  /** only these states; all when absent */
  status?: ScheduledSendStatus;
  page: number;
  pageSize: number;
};

/**
 * The scheduled requests of an account in the caller's subtree (and its members', unless `scope` is "account"):
 * the waiting ones first, soonest first, then the rest, latest first. The message log's "Scheduled" view and the
 * native API's list read it.
 */
export async function listScheduledSends(ctx: Scope & { currency: string }, accountId: number, query: ScheduledSendsQuery) {
  const account = await getAccountInSubtree(prisma, ctx, accountId);
  const and: Prisma.Sql[] = [Prisma.sql`s.tenant_id = ${ctx.tenantId}`];
  if (query.member) {
    and.push(Prisma.sql`s.account_id = (SELECT m.id FROM account m WHERE m.tenant_id = ${ctx.tenantId} AND m.id = ${query.member} AND m.path @> ARRAY[${account.id}]::int[])`);
  } else if (query.scope === "account") {
    and.push(Prisma.sql`s.account_id = ${account.id}`);
  } else {
    and.push(Prisma.sql`a.path @> ARRAY[${account.id}]::int[]`);
  }
  if (query.status) and.push(Prisma.sql`s.status = ${query.status}::scheduled_send_status`);
  const where = Prisma.join(and, " AND ");
  const offset = (query.page - 1) * query.pageSize;
  const [rows, [{ total, waiting }]] = await Promise.all([
    prisma.$queryRaw<RawRow[]>`${SELECT} WHERE ${where}
      ORDER BY (s.status = 'scheduled') DESC,
        CASE WHEN s.status = 'scheduled' THEN s.scheduled_at END ASC,
        s.scheduled_at DESC, s.batch_id
      LIMIT ${query.pageSize} OFFSET ${offset}`,
    prisma.$queryRaw<{ total: number; waiting: number }[]>`
      SELECT count(*)::int AS total, (count(*) FILTER (WHERE s.status = 'scheduled'))::int AS waiting
        FROM scheduled_send s JOIN account a ON a.tenant_id = s.tenant_id AND a.id = s.account_id WHERE ${where}`,
  ]);
  return { account, rows: rows.map((r) => toRow(r, account.currency)), total, waiting, page: query.page, pageSize: query.pageSize };
}

/** How many scheduled requests wait in an account's subtree (the log's "Scheduled" tab). */
export async function countWaitingScheduledSends(ctx: Scope, accountId: number) {
  const account = await getAccountInSubtree(prisma, ctx, accountId);
  const [{ n }] = await prisma.$queryRaw<{ n: number }[]>`
    SELECT count(*)::int AS n FROM scheduled_send s JOIN account a ON a.tenant_id = s.tenant_id AND a.id = s.account_id
      WHERE s.tenant_id = ${ctx.tenantId} AND s.status = 'scheduled' AND a.path @> ARRAY[${account.id}]::int[]`;
  return n;
}

export type ScheduledSendDetail = ScheduledSendRow & {
  callbackUrl: string | null;
  messages: { recipient: string; country: string; body: string; segments: number; pricePerSegment: bigint; price: bigint; reference: string | null }[];
};

/** One scheduled request in the caller's subtree, with its recipients; NotFoundError for anything else. */
export async function getScheduledSend(ctx: Scope & { currency: string }, batchId: string): Promise<ScheduledSendDetail> {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(batchId)) throw new NotFoundError("Scheduled send not found.");
  const [row] = await prisma.$queryRaw<(RawRow & { callback_url: string | null })[]>`
    SELECT q.*, s.callback_url FROM (${SELECT}
      WHERE s.tenant_id = ${ctx.tenantId} AND s.batch_id = ${batchId}::uuid AND a.path @> ARRAY[${ctx.accountId}]::int[]) q
    JOIN scheduled_send s ON s.tenant_id = ${ctx.tenantId} AND s.batch_id = q.batch_id::uuid`;
  if (!row) throw new NotFoundError("Scheduled send not found.");
  const messages = await prisma.scheduledMessage.findMany({
    where: { tenantId: ctx.tenantId, batchId },
    orderBy: { ord: "asc" },
    select: { recipient: true, country: true, body: true, segments: true, pricePerSegment: true, reference: true },
  });
  return {
    ...toRow(row, ctx.currency),
    callbackUrl: row.callback_url,
    messages: messages.map((m) => ({ ...m, price: m.pricePerSegment * BigInt(m.segments) })),
  };
}
