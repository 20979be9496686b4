import { prisma } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import type { MessageEncoding, MessageStatus } from "@/lib/db/generated/enums";
import type { DomainContext } from "@/lib/domain/context";
import { NotFoundError } from "@/lib/domain/errors";
import { getAccountInSubtree } from "@/lib/domain/accounts/internal";
import type { ListMessagesQuery } from "./list-messages-schema";
import { escapeLike, planLogSearch, recipientDigits, type LogSearch } from "./log-search";

type Scope = Pick<DomainContext, "tenantId" | "accountId">;
type Filters = Omit<ListMessagesQuery, "page" | "pageSize" | "sort">;

/**
 * Counting stops here: past it a page says "1,000+" instead of scanning the log for an exact figure (a count
 * reads every matching row; with a million messages an uncapped count is what makes a filtered page slow).
 */
export const MESSAGE_COUNT_CAP = 1_000;

/*
 * Plan choices for the recipient and text filters (log-search.ts), by the estimated share of the log that the
 * index pattern matches. A page walks the log in its sort order when it would find its rows within this many
 * messages; past that, it sorts the index's candidates instead. A count walks when it would find the cap's
 * matches within about as many messages as the index would hand over candidates for them.
 */
const WALK_ROWS = 5_000;
const COUNT_WALK_SHARE = 0.15;

export type MessageRow = {
  id: bigint;
  accountId: number;
  accountName: string;
  batchId: string;
  recipient: string;
  country: string;
  senderId: string;
  body: string;
  /** SMS Central's CAMPAIGN label and REFERENCE, when the send gave them */
  campaign: string | null;
  reference: string | null;
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
/** The same orders over the (id, created_at, price) rows of an index plan. */
const ORDER_PICKED: Record<ListMessagesQuery["sort"], Prisma.Sql> = {
  newest: Prisma.sql`created_at DESC, id DESC`,
  oldest: Prisma.sql`created_at ASC, id ASC`,
  price_desc: Prisma.sql`price DESC, id DESC`,
  price_asc: Prisma.sql`price ASC, id ASC`,
};

/** Whose messages a view shows: the whole tenant's (the master's subtree), one account's own, or a subtree's. */
type View = { kind: "tenant" } | { kind: "account"; accountId: number } | { kind: "subtree"; rootId: number };

async function resolveView(ctx: Scope, accountId: number, filters: Filters) {
  const account = await getAccountInSubtree(prisma, ctx, accountId);
  let view: View;
  if (filters.member) {
    // a member outside the viewed subtree matches nothing rather than leaking its messages
    const member = await prisma.account.findFirst({
      where: { tenantId: ctx.tenantId, id: filters.member, path: { has: account.id } },
      select: { id: true },
    });
    view = { kind: "account", accountId: member?.id ?? -1 };
  } else if (filters.scope === "account") {
    view = { kind: "account", accountId: account.id };
  } else if (account.parentId !== null) {
    view = { kind: "subtree", rootId: account.id };
  } else {
    view = { kind: "tenant" };
  }
  return { account, view };
}

/**
 * The filters on the immutable columns, for message (alias m) or its search copy (alias s, the same column
 * names): scope, dates, sender, recipient digits and text. `subtreeAs: "array"` lists the subtree's accounts
 * first, so a count can take each account's messages from its index and stop at the cap (as a semi-join it
 * was planned as a scan of the whole log).
 */
function rowFilters(alias: "m" | "s", tenantId: number, view: View, filters: Filters, subtreeAs: "join" | "array" = "join"): Prisma.Sql[] {
  const column = (name: string) => Prisma.raw(`${alias}.${name}`);
  const and: Prisma.Sql[] = [];
  if (view.kind === "account") and.push(Prisma.sql`${column("account_id")} = ${view.accountId}`);
  if (view.kind === "subtree") {
    const subtree = Prisma.sql`SELECT a.id FROM account a WHERE a.tenant_id = ${tenantId} AND a.path @> ARRAY[${view.rootId}]::int[]`;
    and.push(subtreeAs === "array" ? Prisma.sql`${column("account_id")} = ANY (ARRAY(${subtree}))` : Prisma.sql`${column("account_id")} IN (${subtree})`);
  }
  if (filters.from) and.push(Prisma.sql`${column("created_at")} >= ${new Date(`${filters.from}T00:00:00.000Z`)}`);
  if (filters.to) and.push(Prisma.sql`${column("created_at")} < ${new Date(Date.parse(`${filters.to}T00:00:00.000Z`) + 86_400_000)}`);
  if (filters.recipient) and.push(Prisma.sql`${column("recipient")} LIKE ${`%${escapeLike(recipientDigits(filters.recipient))}%`}`);
  if (filters.sender) and.push(Prisma.sql`${column("sender_id")} ILIKE ${`${escapeLike(filters.sender)}%`}`);
  if (filters.q) and.push(Prisma.sql`${column("body")} ILIKE ${`%${escapeLike(filters.q)}%`}`);
  // the search index has neither: its candidates are matched on message (pickedThroughIndex's join)
  if (alias === "m" && filters.campaign) and.push(Prisma.sql`m.campaign = ${filters.campaign}`);
  if (alias === "m" && filters.reference) and.push(Prisma.sql`m.reference = ${filters.reference}`);
  return and;
}

/** The WHERE of the log scanned directly: the view's messages narrowed by every filter. */
function messageWhere(tenantId: number, view: View, filters: Filters, subtreeAs: "join" | "array" = "join") {
  const and = [Prisma.sql`m.tenant_id = ${tenantId}`, ...rowFilters("m", tenantId, view, filters, subtreeAs)];
  if (filters.status) and.push(Prisma.sql`m.status = ${filters.status}::message_status`);
  return Prisma.join(and, " AND ");
}

/**
 * The matching messages as (id, created_at, price) rows through the search index: those the index holds,
 * narrowed by its trigram patterns first (behind OFFSET 0, so that the planner gives the index those patterns
 * alone, not the whole text), then by every filter; and those above it, from message by every filter.
 */
function pickedThroughIndex(tenantId: number, view: View, filters: Filters, search: LogSearch, extra: { cursor?: { createdAt: Date; id: bigint } } = {}) {
  const patterns: Prisma.Sql[] = [];
  if (search.recipientPattern) patterns.push(Prisma.sql`s.recipient LIKE ${search.recipientPattern}`);
  if (search.bodyPattern) patterns.push(Prisma.sql`s.body ILIKE ${search.bodyPattern}`);
  const candidateAnd = rowFilters("s", tenantId, view, filters);
  // status changes after indexing, so it is read from message
  const onMessage = [
    filters.status ? Prisma.sql`m.status = ${filters.status}::message_status` : null,
    filters.campaign ? Prisma.sql`m.campaign = ${filters.campaign}` : null,
    filters.reference ? Prisma.sql`m.reference = ${filters.reference}` : null,
  ].filter((c): c is Prisma.Sql => c !== null);
  const statusJoin = onMessage.length
    ? Prisma.sql`JOIN message m ON m.tenant_id = ${tenantId} AND m.id = s.message_id AND ${Prisma.join(onMessage, " AND ")}`
    : Prisma.empty;
  const tailAnd = [messageWhere(tenantId, view, filters), Prisma.sql`m.id > ${search.indexedThrough}`];
  if (extra.cursor) {
    candidateAnd.push(Prisma.sql`(s.created_at, s.message_id) < (${extra.cursor.createdAt}, ${extra.cursor.id})`);
    tailAnd.push(Prisma.sql`(m.created_at, m.id) < (${extra.cursor.createdAt}, ${extra.cursor.id})`);
  }
  return Prisma.sql`
    SELECT m.id, m.created_at, m.price FROM message m WHERE ${Prisma.join(tailAnd, " AND ")}
    UNION ALL
    SELECT s.message_id AS id, s.created_at, s.price
    FROM (SELECT * FROM message_search s
          WHERE s.tenant_id = ${tenantId} AND s.message_id <= ${search.indexedThrough} AND ${Prisma.join(patterns, " AND ")}
          OFFSET 0) s
    ${statusJoin}
    ${candidateAnd.length ? Prisma.sql`WHERE ${Prisma.join(candidateAnd, " AND ")}` : Prisma.empty}`;
}

/**
 * The capped count of a status filter over the whole tenant or one account, from the statistics rollups
 * (kept in the send and status-change transactions) instead of reading every message of the range: a
 * failed-in-the-last-week count read ~50,000 messages to find its 1,001. Null when the rollups cannot say it
 * exactly: created_at is stored to the millisecond and messaging_send() dates the rollup by the unrounded
 * send time, so a message sent in the last half millisecond of a UTC day is stored at the next midnight but
 * counted on the day before; a range that holds any message stored exactly at a midnight is counted from the
 * log instead (a look-up per day of the range in the (tenant, created_at) index).
 */
async function countFromRollups(tenantId: number, view: View, filters: Filters & { status: MessageStatus }): Promise<number | null> {
  const from = filters.from ?? null;
  const to = filters.to ?? null;
  const days = Prisma.sql`${from ? Prisma.sql`AND r.day >= ${from}::date` : Prisma.empty} ${to ? Prisma.sql`AND r.day <= ${to}::date` : Prisma.empty}`;
  const sum =
    view.kind === "tenant"
      ? Prisma.sql`SELECT coalesce(sum(r.messages), 0) FROM message_stats_tenant_day r WHERE r.tenant_id = ${tenantId} AND r.status = ${filters.status}::message_status ${days}`
      : Prisma.sql`SELECT coalesce(sum(r.messages), 0) FROM message_stats_daily r
          WHERE r.tenant_id = ${tenantId} AND r.account_id = ${view.kind === "account" ? view.accountId : -1} AND r.status = ${filters.status}::message_status ${days}`;
  const [row] = await prisma.$queryRaw<{ n: bigint; ambiguous: boolean }[]>`
    WITH b AS (
      SELECT coalesce(${from}::date, (SELECT (min(m.created_at) AT TIME ZONE 'UTC')::date FROM message m WHERE m.tenant_id = ${tenantId})) AS lo,
             coalesce(${to}::date, (SELECT (max(m.created_at) AT TIME ZONE 'UTC')::date FROM message m WHERE m.tenant_id = ${tenantId})) AS hi)
    SELECT (${sum})::bigint AS n,
      EXISTS (SELECT 1 FROM b, generate_series(b.lo::timestamp, (b.hi + 1)::timestamp, interval '1 day') d
              WHERE EXISTS (SELECT 1 FROM message m WHERE m.tenant_id = ${tenantId} AND m.created_at = d AT TIME ZONE 'UTC')) AS ambiguous
    FROM b`;
  return row.ambiguous ? null : Number(row.n);
}

/** Up to MESSAGE_COUNT_CAP + 1 of the view's messages matching the filters. */
async function countMessages(tenantId: number, view: View, filters: Filters, search: LogSearch | null) {
  const limit = MESSAGE_COUNT_CAP + 1;
  if (filters.status && view.kind !== "subtree" && !filters.recipient && !filters.sender && !filters.q && !filters.campaign && !filters.reference) {
    const counted = await countFromRollups(tenantId, view, { ...filters, status: filters.status });
    if (counted !== null) return counted;
  }
  if (search && search.share < COUNT_WALK_SHARE) {
    const [{ count }] = await prisma.$queryRaw<{ count: bigint }[]>`
      SELECT count(*) AS count FROM (${pickedThroughIndex(tenantId, view, filters, search)} LIMIT ${limit}) capped`;
    return Number(count);
  }
  const [{ count }] = await prisma.$queryRaw<{ count: bigint }[]>`
    SELECT count(*) AS count FROM (SELECT 1 FROM message m WHERE ${messageWhere(tenantId, view, filters, "array")} LIMIT ${limit}) capped`;
  return Number(count);
}

/**
 * How a query uses the search index: by the estimated share ("auto"), whenever the filters allow ("index"), or
 * never ("scan"). The two forced ones are for the tests, which compare both with a plain scan.
 */
export type LogSearchPlan = "auto" | "index" | "scan";

async function searchFor(filters: Filters, plan: LogSearchPlan) {
  if (plan === "scan") return null;
  const search = await planLogSearch(filters);
  return search && plan === "index" ? { ...search, share: 0 } : search;
}

/** Whether the index plan finds `rows` rows sooner than walking the log in its order would. */
const indexFinds = (search: LogSearch | null, rows: number): search is LogSearch => search !== null && search.share * WALK_ROWS < rows;

type RawMessageRow = {
  id: bigint;
  account_id: number;
  account_name: string;
  batch_id: string;
  recipient: string;
  country: string;
  sender_id: string;
  body: string;
  campaign: string | null;
  reference: string | null;
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
  campaign: r.campaign,
  reference: r.reference,
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

const COLUMNS = Prisma.sql`m.id, m.account_id, a.name AS account_name, m.batch_id::text AS batch_id, m.recipient, m.country,
  m.sender_id, m.body, m.campaign, m.reference, m.encoding, m.segments, m.price_per_segment, m.price, m.charged_account_id, m.transfer_id,
  m.refund_transfer_id, m.status, m.error_code, m.error_message, m.created_at, m.sent_at, m.done_at, m.callback_url,
  m.provider_id`;
const SELECT = Prisma.sql`SELECT ${COLUMNS} FROM message m JOIN account a ON a.tenant_id = m.tenant_id AND a.id = m.account_id`;

/** The full rows of messages picked as (id, created_at, price) rows, in the given order. */
const rowsOfPicked = (tenantId: number, picked: Prisma.Sql, order: Prisma.Sql) => prisma.$queryRaw<RawMessageRow[]>`
  SELECT ${COLUMNS} FROM (${picked}) p
  JOIN message m ON m.tenant_id = ${tenantId} AND m.id = p.id
  JOIN account a ON a.tenant_id = m.tenant_id AND a.id = m.account_id
  ORDER BY ${order}`;

/** One page of the message log, newest first by default; `total` is exact up to MESSAGE_COUNT_CAP. */
export async function listMessages(
  ctx: Scope,
  accountId: number,
  query: Omit<ListMessagesQuery, "pageSize"> & { pageSize: number },
  { plan = "auto" }: { plan?: LogSearchPlan } = {},
) {
  const [{ account, view }, search] = await Promise.all([resolveView(ctx, accountId, query), searchFor(query, plan)]);
  const offset = (query.page - 1) * query.pageSize;
  const page = indexFinds(search, offset + query.pageSize)
    ? rowsOfPicked(
        ctx.tenantId,
        Prisma.sql`${pickedThroughIndex(ctx.tenantId, view, query, search)} ORDER BY ${ORDER_PICKED[query.sort]} LIMIT ${query.pageSize} OFFSET ${offset}`,
        ORDER[query.sort],
      )
    : prisma.$queryRaw<RawMessageRow[]>`${SELECT} WHERE ${messageWhere(ctx.tenantId, view, query)} ORDER BY ${ORDER[query.sort]} LIMIT ${query.pageSize} OFFSET ${offset}`;
  const [rows, total] = await Promise.all([page, countMessages(ctx.tenantId, view, query, search)]);
  return {
    account,
    rows: rows.map(toMessageRow),
    total: Math.min(total, MESSAGE_COUNT_CAP),
    totalIsCapped: total > MESSAGE_COUNT_CAP,
    page: query.page,
    pageSize: query.pageSize,
  };
}

/** An export reads the search index when the filters' patterns match under this share of the log (each chunk sorts the candidates again). */
const EXPORT_INDEX_SHARE = 0.01;

/** Every message the filters select, in pages by keyset (CSV export): memory stays flat for a million rows. */
export async function* iterateMessages(ctx: Scope, accountId: number, query: Filters, { chunk = 2000, plan = "auto" }: { chunk?: number; plan?: LogSearchPlan } = {}) {
  const [{ view }, search] = await Promise.all([resolveView(ctx, accountId, query), searchFor(query, plan)]);
  const where = messageWhere(ctx.tenantId, view, query);
  let after: { createdAt: Date; id: bigint } | null = null;
  for (;;) {
    let rows: RawMessageRow[];
    if (search && search.share < EXPORT_INDEX_SHARE) {
      const picked = pickedThroughIndex(ctx.tenantId, view, query, search, after ? { cursor: after } : {});
      rows = await rowsOfPicked(ctx.tenantId, Prisma.sql`${picked} ORDER BY created_at DESC, id DESC LIMIT ${chunk}`, ORDER.newest);
    } else {
      const cursor: Prisma.Sql = after ? Prisma.sql`AND (m.created_at, m.id) < (${after.createdAt}, ${after.id})` : Prisma.empty;
      rows = await prisma.$queryRaw<RawMessageRow[]>`${SELECT} WHERE ${where} ${cursor} ORDER BY m.created_at DESC, m.id DESC LIMIT ${chunk}`;
    }
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
