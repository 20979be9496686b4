import { prisma } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import type { MessageEncoding, MessageStatus } from "@/lib/db/generated/enums";
import type { DomainContext } from "@/lib/domain/context";
import { NotFoundError } from "@/lib/domain/errors";
import { getAccountInSubtree } from "@/lib/domain/accounts/internal";
import type { ListMessagesQuery } from "./list-messages-schema";

type Scope = Pick<DomainContext, "tenantId" | "accountId">;

/**
 * Counting stops here: past it a page says "1,000+" instead of scanning the log for an exact figure (a count
 * reads every matching row; with a million messages an uncapped count is what makes a filtered page slow).
 */
export const MESSAGE_COUNT_CAP = 1_000;

export type MessageRow = {
  id: bigint;
  accountId: number;
  accountName: string;
  batchId: string;
  recipient: string;
  country: string;
  senderId: string;
  body: string;
  encoding: MessageEncoding;
  segments: number;
  pricePerSegment: bigint;
  price: bigint;
  chargedAccountId: number;
  transferId: bigint;
  refundTransferId: bigint | null;
  status: MessageStatus;
  errorCode: string | null;
  errorMessage: string | null;
  createdAt: Date;
  sentAt: Date | null;
  doneAt: Date | null;
};

const ORDER: Record<ListMessagesQuery["sort"], Prisma.Sql> = {
  newest: Prisma.sql`m.created_at DESC, m.id DESC`,
  oldest: Prisma.sql`m.created_at ASC, m.id ASC`,
  price_desc: Prisma.sql`m.price DESC, m.id DESC`,
  price_asc: Prisma.sql`m.price ASC, m.id ASC`,
};

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** The WHERE of a message log view: the viewed account's messages or its subtree's, narrowed by the filters. */
async function messageWhere(ctx: Scope, accountId: number, query: Omit<ListMessagesQuery, "page" | "pageSize" | "sort">) {
  const account = await getAccountInSubtree(prisma, ctx, accountId);
  const and: Prisma.Sql[] = [Prisma.sql`m.tenant_id = ${ctx.tenantId}`];
  if (query.member) {
    // a member outside the viewed subtree matches nothing rather than leaking its messages
    const member = await prisma.account.findFirst({
      where: { tenantId: ctx.tenantId, id: query.member, path: { has: account.id } },
      select: { id: true },
    });
    and.push(Prisma.sql`m.account_id = ${member?.id ?? -1}`);
  } else if (query.scope === "account") {
    and.push(Prisma.sql`m.account_id = ${account.id}`);
  } else if (account.parentId !== null) {
    // the master's subtree is the whole tenant: no test needed
    and.push(Prisma.sql`m.account_id IN (SELECT a.id FROM account a WHERE a.tenant_id = ${ctx.tenantId} AND a.path @> ARRAY[${account.id}]::int[])`);
  }
  if (query.status) and.push(Prisma.sql`m.status = ${query.status}::message_status`);
  if (query.from) and.push(Prisma.sql`m.created_at >= ${new Date(`${query.from}T00:00:00.000Z`)}`);
  if (query.to) and.push(Prisma.sql`m.created_at < ${new Date(Date.parse(`${query.to}T00:00:00.000Z`) + 86_400_000)}`);
  if (query.recipient) {
    const digits = query.recipient.replace(/\D/g, "");
    and.push(Prisma.sql`m.recipient LIKE ${`%${escapeLike(digits)}%`}`);
  }
  if (query.sender) and.push(Prisma.sql`m.sender_id ILIKE ${`${escapeLike(query.sender)}%`}`);
  if (query.q) and.push(Prisma.sql`m.body ILIKE ${`%${escapeLike(query.q)}%`}`);
  return { account, where: Prisma.join(and, " AND ") };
}

type RawMessageRow = {
  id: bigint;
  account_id: number;
  account_name: string;
  batch_id: string;
  recipient: string;
  country: string;
  sender_id: string;
  body: string;
  encoding: MessageEncoding;
  segments: number;
  price_per_segment: bigint;
  price: bigint;
  charged_account_id: number;
  transfer_id: bigint;
  refund_transfer_id: bigint | null;
  status: MessageStatus;
  error_code: string | null;
  error_message: string | null;
  created_at: Date;
  sent_at: Date | null;
  done_at: Date | null;
  callback_url: string | null;
  provider_id: string | null;
};

const toMessageRow = (r: RawMessageRow): MessageRow => ({
  id: r.id,
  accountId: r.account_id,
  accountName: r.account_name,
  batchId: r.batch_id,
  recipient: r.recipient,
  country: r.country,
  senderId: r.sender_id,
  body: r.body,
  encoding: r.encoding,
  segments: r.segments,
  pricePerSegment: r.price_per_segment,
  price: r.price,
  chargedAccountId: r.charged_account_id,
  transferId: r.transfer_id,
  refundTransferId: r.refund_transfer_id,
  status: r.status,
  errorCode: r.error_code,
  errorMessage: r.error_message,
  createdAt: r.created_at,
  sentAt: r.sent_at,
  doneAt: r.done_at,
});

const SELECT = Prisma.sql`SELECT m.id, m.account_id, a.name AS account_name, m.batch_id::text AS batch_id, m.recipient, m.country,
  m.sender_id, m.body, m.encoding, m.segments, m.price_per_segment, m.price, m.charged_account_id, m.transfer_id,
  m.refund_transfer_id, m.status, m.error_code, m.error_message, m.created_at, m.sent_at, m.done_at, m.callback_url,
  m.provider_id
  FROM message m JOIN account a ON a.tenant_id = m.tenant_id AND a.id = m.account_id`;

/** One page of the message log, newest first by default; `total` is exact up to MESSAGE_COUNT_CAP. */
export async function listMessages(ctx: Scope, accountId: number, query: Omit<ListMessagesQuery, "pageSize"> & { pageSize: number }) {
  const { account, where } = await messageWhere(ctx, accountId, query);
  const offset = (query.page - 1) * query.pageSize;
  const [rows, [{ count }]] = await Promise.all([
    prisma.$queryRaw<RawMessageRow[]>`${SELECT} WHERE ${where} ORDER BY ${ORDER[query.sort]} LIMIT ${query.pageSize} OFFSET ${offset}`,
    prisma.$queryRaw<{ count: bigint }[]>`SELECT count(*) AS count FROM (SELECT 1 FROM message m WHERE ${where} LIMIT ${MESSAGE_COUNT_CAP + 1}) capped`,
  ]);
  const total = Number(count);
  return {
    account,
    rows: rows.map(toMessageRow),
    total: Math.min(total, MESSAGE_COUNT_CAP),
    totalIsCapped: total > MESSAGE_COUNT_CAP,
    page: query.page,
    pageSize: query.pageSize,
  };
}

/** Every message the filters select, in pages by keyset (CSV export): memory stays flat for a million rows. */
export async function* iterateMessages(ctx: Scope, accountId: number, query: Omit<ListMessagesQuery, "page" | "pageSize" | "sort">, chunk = 2000) {
  const { where } = await messageWhere(ctx, accountId, query);
  let after: { createdAt: Date; id: bigint } | null = null;
  for (;;) {
    const cursor: Prisma.Sql = after ? Prisma.sql`AND (m.created_at, m.id) < (${after.createdAt}, ${after.id})` : Prisma.empty;
    const rows: RawMessageRow[] = await prisma.$queryRaw<RawMessageRow[]>`${SELECT} WHERE ${where} ${cursor} ORDER BY m.created_at DESC, m.id DESC LIMIT ${chunk}`;
    if (rows.length === 0) return;
    for (const row of rows) yield toMessageRow(row);
    const last: RawMessageRow = rows[rows.length - 1];
    after = { createdAt: last.created_at, id: last.id };
    if (rows.length < chunk) return;
  }
}

export type MessageDetail = MessageRow & {
  chargedAccountName: string;
  callbackUrl: string | null;
  providerId: string | null;
  events: { status: MessageStatus; detail: string | null; createdAt: Date }[];
};

/** One message in the caller's subtree, with its status history; NotFoundError for anything else. */
export async function getMessage(ctx: Scope, messageId: bigint): Promise<MessageDetail> {
  const [row] = await prisma.$queryRaw<(RawMessageRow & { charged_account_name: string })[]>`
    SELECT q.*, c.name AS charged_account_name
    FROM (${SELECT} WHERE m.tenant_id = ${ctx.tenantId} AND m.id = ${messageId} AND a.path @> ARRAY[${ctx.accountId}]::int[]) q
    JOIN account c ON c.tenant_id = ${ctx.tenantId} AND c.id = q.charged_account_id`;
  if (!row) throw new NotFoundError("Message not found.");
  const events = await prisma.messageEvent.findMany({
    where: { tenantId: ctx.tenantId, messageId },
    orderBy: { id: "asc" },
    select: { status: true, detail: true, createdAt: true },
  });
  return {
    ...toMessageRow(row),
    chargedAccountName: row.charged_account_name,
    callbackUrl: row.callback_url,
    providerId: row.provider_id,
    events: [{ status: "queued", detail: null, createdAt: row.created_at }, ...events],
  };
}
