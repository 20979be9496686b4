// The message log's filters through the search index (message_search, filled after commit by the indexer) and
// the statistics rollups give exactly what a plain scan of message gives: for every filter and view, both
// plans, every sort and page, the CSV export, messages sent a moment ago that no indexer has seen, and never a
// message of another tenant or outside the viewed subtree.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import { stopQueue } from "@/lib/jobs/boss";
import { contextFor, credit, fundMaster, makeChild, makeTenant, type TestTenant } from "@/lib/testing/factories";
import { setStatusAt } from "@/lib/testing/backdated-messages";
import { listMessagesQuerySchema, type ListMessagesQuery } from "./list-messages-schema";
import { iterateMessages, listMessages, MESSAGE_COUNT_CAP, type LogSearchPlan } from "./queries";
import { indexMessagesForSearch } from "./index-for-search";
import { sendMessages } from "./send-messages";

afterAll(async () => {
  await stopQueue();
});

type Outgoing = { to: string; body: string; campaign?: string; reference?: string };

/** Sends through messaging_send() dated `at` (the backfill path the statistics tests use), so dates can differ. */
async function sendAt(tenant: TestTenant, accountId: number, at: string, messages: Outgoing[], senderId = "Acme") {
  const item = {
    ord: 0, tenant_id: tenant.tenantId, account_id: accountId, api_key_id: null, actor_user_id: null, batch_id: randomUUID(),
    idempotency_key: null, request_hash: randomUUID(), sender_id: senderId, callback_url: null, memo: "log test send",
    messages: messages.map((m, i) => ({
      ord: i, recipient: m.to, country: "CY", body: m.body, encoding: "ucs2", segments: 1, campaign: m.campaign ?? null, reference: m.reference ?? null,
    })),
  };
  return prisma.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT set_config('subledger.backfill', 'on', true)`;
    const rows = await tx.$queryRaw<{ message_id: bigint; error_code: string | null }[]>`
      SELECT message_id, error_code FROM messaging_send(${JSON.stringify([item])}::jsonb, ${at}::timestamptz)`;
    if (rows[0]?.error_code) throw new Error(rows[0].error_code);
    return rows.map((r) => r.message_id);
  });
}

async function catchUpIndex() {
  // the first run may only note the newest id; the next ones index up to it
  for (let run = 0; run < 50; run++) if ((await indexMessagesForSearch({ maxRows: 100_000 })).backlog === 0 && run > 0) return;
  throw new Error("the search index did not catch up");
}

const indexedThrough = async () => (await prisma.messageSearchState.findUniqueOrThrow({ where: { id: 1 } })).indexedThrough;

/**
 * The reference: the view's messages by a plain scan of message, the filters written independently of the app's
 * (strpos on lowercased text rather than ILIKE, a prefix compare rather than a pattern).
 */
async function scan(tenant: TestTenant, viewId: number, f: Partial<ListMessagesQuery>, order = Prisma.sql`m.created_at DESC, m.id DESC`) {
  const and: Prisma.Sql[] = [Prisma.sql`m.tenant_id = ${tenant.tenantId}`];
  if (f.member) and.push(Prisma.sql`m.account_id = ${f.member} AND ${viewId} = ANY (a.path)`);
  else if (f.scope === "account") and.push(Prisma.sql`m.account_id = ${viewId}`);
  else and.push(Prisma.sql`${viewId} = ANY (a.path)`);
  if (f.status) and.push(Prisma.sql`m.status::text = ${f.status}`);
  if (f.from) and.push(Prisma.sql`(m.created_at AT TIME ZONE 'UTC')::date >= ${f.from}::date`);
  if (f.to) and.push(Prisma.sql`(m.created_at AT TIME ZONE 'UTC')::date <= ${f.to}::date`);
  if (f.recipient) and.push(Prisma.sql`strpos(m.recipient, ${f.recipient.replace(/\D/g, "")}) > 0`);
  if (f.sender) and.push(Prisma.sql`lower(left(m.sender_id, ${f.sender.length})) = lower(${f.sender})`);
  if (f.q) and.push(Prisma.sql`strpos(lower(m.body), lower(${f.q})) > 0`);
  if (f.campaign) and.push(Prisma.sql`m.campaign IS NOT DISTINCT FROM ${f.campaign}`);
  if (f.reference) and.push(Prisma.sql`m.reference IS NOT DISTINCT FROM ${f.reference}`);
  const rows = await prisma.$queryRaw<{ id: bigint }[]>`
    SELECT m.id FROM message m JOIN account a ON a.tenant_id = m.tenant_id AND a.id = m.account_id
    WHERE ${Prisma.join(and, " AND ")} ORDER BY ${order}`;
  return rows.map((r) => r.id);
}

const ORDERS = {
  newest: Prisma.sql`m.created_at DESC, m.id DESC`,
  oldest: Prisma.sql`m.created_at ASC, m.id ASC`,
  price_desc: Prisma.sql`m.price DESC, m.id DESC`,
  price_asc: Prisma.sql`m.price ASC, m.id ASC`,
} as const;

/** Every page of the log (pages of 4) and its total, and the export's rows. */
async function logOf(tenant: TestTenant, viewId: number, params: Record<string, string>, plan: LogSearchPlan) {
  const ctx = contextFor(tenant, tenant.masterAccountId);
  const query = listMessagesQuerySchema.parse(params);
  const ids: bigint[] = [];
  let total = -1;
  for (let page = 1; page < 100; page++) {
    const result = await listMessages(ctx, viewId, { ...query, page, pageSize: 4 }, { plan });
    if (page === 1) total = result.total;
    ids.push(...result.rows.map((r) => r.id));
    if (result.rows.length < 4) break;
  }
  const exported: bigint[] = [];
  for await (const row of iterateMessages(ctx, viewId, query, { chunk: 3, plan })) exported.push(row.id);
  return { ids, total, exported };
}

let a: TestTenant;
let other: TestTenant;
let partner: number;
let inPartner: number;
let deeper: number;
let direct: number;

const BODIES = [
  "Your verification code is 482913",
  "Your verification code is 120034",
  "Order 4242 shipped. Track: https://t.example/4242",
  "ORDER 42420 is ready for pickup",
  "Καλημέρα ΣΟΦΙΑ, ο κωδικός σας είναι 7788",
  "Straße gesperrt: Ünïcode 50% off",
  "Get 50%_off now (a literal percent and underscore)",
  "Get 50%xoff now",
  "back\\slash and tab",
  "ok",
];
const NUMBERS = ["+35799123456", "+35799124242", "+35796123400", "+35797555001", "+35799000123"];

beforeAll(async () => {
  a = await makeTenant();
  other = await makeTenant();
  await fundMaster(a, 50_000_000_000n);
  await fundMaster(other, 10_000_000_000n);
  const p = await makeChild(a, { name: "Partner", isPartner: true });
  partner = p.id;
  inPartner = (await makeChild(a, { parentId: partner, name: "In partner", isPartner: true })).id;
  deeper = (await makeChild(a, { parentId: inPartner, name: "Deeper" })).id;
  direct = (await makeChild(a, { name: "Direct" })).id;
  const otherMember = (await makeChild(other, { name: "Elsewhere" })).id;
  // a credit comes from the parent's balance: the partner passes some on
  for (const [id, amount] of [[partner, 20_000_000_000n], [inPartner, 10_000_000_000n], [deeper, 5_000_000_000n], [direct, 5_000_000_000n]] as const) await credit(a, id, amount);
  await credit(other, otherMember, 5_000_000_000n);

  // over several days (out of id order: the backdated ones come last), senders, accounts and statuses
  const days = ["2026-10-03T09:00:00Z", "2026-10-01T12:30:00Z", "2026-10-02T23:59:59.100Z", "2026-10-05T00:00:00.500Z"];
  const senders = ["Acme", "Alerts", "shop", "ALEX"];
  const accounts = [partner, inPartner, deeper, direct];
  let n = 0;
  for (const [d, at] of days.entries()) {
    for (const [i, account] of accounts.entries()) {
      // SMS Central's labels on some: a campaign per day and account pair, a reference on each of those messages
      const campaign = (i + d) % 3 === 0 ? (d % 2 === 0 ? "Spring" : "Autumn") : undefined;
      const batch = BODIES.map((body, j) => ({
        to: NUMBERS[(j + i + d) % NUMBERS.length], body: `${body}`, campaign, reference: campaign ? `ref-${d}-${i}-${j}` : undefined,
      }));
      const ids = await sendAt(a, account, at, batch.slice(0, 5 + ((n++ + i) % 6)), senders[(i + d) % senders.length]);
      await setStatusAt(a, ids.filter((_, k) => k % 3 === 0), "delivered", at);
      await setStatusAt(a, ids.filter((_, k) => k % 3 === 1), "failed", at);
    }
  }
  // the same texts and numbers in another tenant: none of them may show up in tenant a's log
  await sendAt(other, otherMember, "2026-10-02T10:00:00Z", BODIES.map((body, j) => ({ to: NUMBERS[j % NUMBERS.length], body })), "Acme");
  await catchUpIndex();
  // sent a moment ago through the real send path: no indexer has run since
  const fresh = await sendMessages({
    ctx: { ...contextFor(a, inPartner), actor: { type: "system", name: "test" } },
    input: { messages: [{ to: "+35799424242", body: "Fresh order 4242 just now, ΣΟΦΙΑ" }, { to: "+35799123456", body: "Your verification code is 555000" }], senderId: "Alerts" },
  });
  expect(fresh.messages[0].id).toBeGreaterThan(await indexedThrough());
});

const FILTERS: Record<string, string>[] = [
  {},
  { q: "order 4242" },
  { q: "ORDER 42" },
  { q: "verification code is 12" },
  { q: "σοφια" },
  { q: "ΚΩΔΙΚΌΣ" },
  { q: "strasse" },
  { q: "straße" },
  { q: "50%_off" },
  { q: "50%" },
  { q: "back\\sla" },
  { q: "ok" },
  { q: "no such text anywhere" },
  { recipient: "4242" },
  { recipient: "+357 99 12" },
  { recipient: "00" },
  { recipient: "123", q: "code" },
  { sender: "Ale" },
  { sender: "ale", q: "order" },
  { status: "failed" },
  { status: "delivered", from: "2026-10-02", to: "2026-10-03" },
  { status: "queued" },
  { status: "failed", q: "4242" },
  { status: "delivered", recipient: "99123" },
  { from: "2026-10-03", q: "code" },
  { to: "2026-10-02", recipient: "555" },
  { campaign: "Spring" },
  { campaign: "spring" }, // exact: no match
  { campaign: "Autumn", q: "order" },
  { campaign: "Spring", recipient: "4242" },
  { campaign: "Spring", status: "failed" },
  { reference: "ref-0-0-2" },
  { reference: "ref-0-0-2", status: "delivered" },
  { reference: "ref-1-2-0", q: "code" },
];

describe("message log filters", () => {
  for (const plan of ["index", "scan", "auto"] as const) {
    it(`give what a plain scan gives, in every view and order (${plan} plan)`, async () => {
      const views: { id: number; extra: Record<string, string> }[] = [
        { id: a.masterAccountId, extra: {} },
        { id: partner, extra: {} },
        { id: partner, extra: { scope: "account" } },
        { id: a.masterAccountId, extra: { member: String(deeper) } },
        { id: partner, extra: { member: String(direct) } }, // not in the partner's subtree: nothing
      ];
      let nonEmpty = 0;
      for (const view of views) {
        for (const filters of FILTERS) {
          const params = { ...filters, ...view.extra };
          const parsed = listMessagesQuerySchema.parse(params);
          const expected = await scan(a, view.id, parsed);
          const got = await logOf(a, view.id, params, plan);
          const label = `${plan} ${view.id} ${JSON.stringify(params)}`;
          expect(got.ids, label).toEqual(expected);
          expect(got.exported, label).toEqual(expected);
          expect(got.total, label).toBe(Math.min(expected.length, MESSAGE_COUNT_CAP));
          if (expected.length > 0) nonEmpty++;
        }
      }
      expect(nonEmpty).toBeGreaterThan(60);
      for (const sort of ["oldest", "price_desc", "price_asc"] as const) {
        for (const filters of [{ q: "code" }, { recipient: "4242" }, { sender: "a", status: "failed" }] as Record<string, string>[]) {
          const params = { ...filters, sort };
          const expected = await scan(a, partner, listMessagesQuerySchema.parse(params), ORDERS[sort]);
          expect((await logOf(a, partner, params, plan)).ids, `${plan} ${JSON.stringify(params)}`).toEqual(expected);
        }
      }
    });
  }

  it("finds a message the moment its send commits, before and after the indexer saw it", async () => {
    for (const plan of ["index", "auto"] as const) {
      const byText = await logOf(a, a.masterAccountId, { q: "fresh ORDER 4242" }, plan);
      const byNumber = await logOf(a, partner, { recipient: "424242" }, plan);
      expect(byText.ids).toHaveLength(1);
      expect(byNumber.ids).toEqual(byText.ids);
      expect(byText.ids[0]).toBeGreaterThan(await indexedThrough());
    }
    await catchUpIndex();
    const [id] = (await logOf(a, a.masterAccountId, { q: "fresh ORDER 4242" }, "index")).ids;
    expect(id).toBeLessThanOrEqual(await indexedThrough());
    expect(await prisma.messageSearch.count({ where: { tenantId: a.tenantId, messageId: id } })).toBe(1);
  });

  it("never shows another tenant's messages", async () => {
    const others = new Set((await prisma.message.findMany({ where: { tenantId: other.tenantId }, select: { id: true } })).map((m) => m.id));
    expect(others.size).toBe(BODIES.length);
    for (const plan of ["index", "scan"] as const) {
      for (const filters of [{ q: "order" }, { q: "σοφια" }, { recipient: "99" }, {}] as Record<string, string>[]) {
        const got = await logOf(a, a.masterAccountId, filters, plan);
        expect(got.ids.length).toBeGreaterThan(0);
        expect(got.ids.filter((id) => others.has(id))).toEqual([]);
      }
    }
  });

  it("caps the total at 1,000 through the index as through a scan", async () => {
    const t = await makeTenant();
    await fundMaster(t, 10_000_000_000n);
    const member = (await makeChild(t)).id;
    await credit(t, member, 5_000_000_000n);
    await sendAt(t, member, "2026-10-04T08:00:00Z", Array.from({ length: MESSAGE_COUNT_CAP + 5 }, (_, i) => ({ to: `+3579910${String(i).padStart(4, "0")}`, body: `Reminder ${i}` })));
    await catchUpIndex();
    for (const plan of ["index", "scan"] as const) {
      const page = await listMessages(contextFor(t, t.masterAccountId), t.masterAccountId, { ...listMessagesQuerySchema.parse({ q: "reminder", recipient: "99" }), pageSize: 25 }, { plan });
      expect([page.total, page.totalIsCapped, page.rows.length]).toEqual([MESSAGE_COUNT_CAP, true, 25]);
    }
  });
});

describe("status counts from the rollups", () => {
  it("fall back to the log when a message is stored exactly at a midnight of the range", async () => {
    const t = await makeTenant();
    await fundMaster(t, 10_000_000_000n);
    const member = (await makeChild(t)).id;
    await credit(t, member, 5_000_000_000n);
    // sent 0.3 ms before midnight: stored (to the millisecond) at 00:00:00.000 of the next day, while
    // messaging_send() counts it as queued on the day before, and its status change moves the next day's rows
    const [late] = await sendAt(t, member, "2026-10-06T23:59:59.9997Z", [{ to: "+35799123456", body: "late" }]);
    expect((await prisma.message.findUniqueOrThrow({ where: { tenantId_id: { tenantId: t.tenantId, id: late } } })).createdAt.toISOString()).toBe("2026-10-07T00:00:00.000Z");
    await setStatusAt(t, [late], "failed", "2026-10-07T00:00:01Z");
    const [next] = await sendAt(t, member, "2026-10-07T10:00:00Z", [{ to: "+35799123456", body: "next day" }]);
    await setStatusAt(t, [next], "delivered", "2026-10-07T10:00:01Z");
    const [queued] = await sendAt(t, member, "2026-10-08T10:00:00Z", [{ to: "+35799123456", body: "still queued" }]);
    const ctx = contextFor(t, t.masterAccountId);
    let checked = 0;
    for (const [viewId, extra] of [[t.masterAccountId, {}], [t.masterAccountId, { member: String(member) }]] as const) {
      for (const status of ["queued", "failed", "delivered"]) {
        for (const range of [{ from: "2026-10-07", to: "2026-10-07" }, { from: "2026-10-06", to: "2026-10-06" }, { from: "2026-10-08" }, {}]) {
          const params = { status, ...range, ...extra };
          const page = await listMessages(ctx, viewId, { ...listMessagesQuerySchema.parse(params), pageSize: 25 });
          const expected = await scan(t, viewId, listMessagesQuerySchema.parse(params));
          expect([page.total, page.rows.map((r) => r.id)], JSON.stringify(params)).toEqual([expected.length, expected]);
          checked += expected.length;
        }
      }
    }
    expect(checked).toBeGreaterThan(8);
    // nothing left for a later status change to trip over (the sweeper of another test file moves queued ones)
    await setStatusAt(t, [queued], "delivered", "2026-10-08T10:00:01Z");
  });
});

describe("the search indexer", () => {
  it("starts again from nothing after a crash emptied its unlogged tables, and the log stays exact meanwhile", async () => {
    await catchUpIndex();
    const before = await prisma.messageSearch.count();
    // what crash recovery does to unlogged tables
    await prisma.$executeRaw`TRUNCATE message_search, message_search_state`;
    for (const filters of [{ q: "order 4242" }, { recipient: "4242" }] as Record<string, string>[]) {
      const expected = await scan(a, a.masterAccountId, listMessagesQuerySchema.parse(filters));
      expect(expected.length).toBeGreaterThan(0);
      expect((await logOf(a, a.masterAccountId, filters, "index")).ids).toEqual(expected);
    }
    await catchUpIndex();
    expect(await prisma.messageSearch.count()).toBe(before);
  });

  it("does not move past a message whose send has not committed", async () => {
    const t = await makeTenant();
    await fundMaster(t, 10_000_000_000n);
    const member = (await makeChild(t)).id;
    await credit(t, member, 5_000_000_000n);
    await catchUpIndex();
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let held!: (id: bigint) => void;
    const heldId = new Promise<bigint>((resolve) => (held = resolve));
    const open = prisma.$transaction(
      async (tx) => {
        const item = {
          ord: 0, tenant_id: t.tenantId, account_id: member, api_key_id: null, actor_user_id: null, batch_id: randomUUID(),
          idempotency_key: null, request_hash: randomUUID(), sender_id: "Acme", callback_url: null, memo: null,
          messages: [{ ord: 0, recipient: "+35799777777", country: "CY", body: "held open", encoding: "gsm7", segments: 1 }],
        };
        const [row] = await tx.$queryRaw<{ message_id: bigint }[]>`SELECT message_id FROM messaging_send(${JSON.stringify([item])}::jsonb)`;
        held(row.message_id);
        await released;
      },
      { timeout: 20_000 },
    );
    const id = await heldId;
    // a later send commits meanwhile (in another tenant: the open one holds this tenant's usage account)
    const t2 = await makeTenant();
    await fundMaster(t2, 10_000_000_000n);
    const member2 = (await makeChild(t2)).id;
    await credit(t2, member2, 5_000_000_000n);
    const [after] = await sendAt(t2, member2, "2026-10-08T10:00:00Z", [{ to: "+35799777778", body: "committed later" }]);
    expect(after).toBeGreaterThan(id);
    for (let run = 0; run < 4; run++) await indexMessagesForSearch({ maxRows: 100_000 });
    expect(await indexedThrough()).toBeLessThan(id);
    // meanwhile the committed one is found, through the scan above the index
    expect((await logOf(t2, t2.masterAccountId, { q: "committed later" }, "index")).ids).toEqual([after]);
    release();
    await open;
    await catchUpIndex();
    expect(await indexedThrough()).toBeGreaterThanOrEqual(after);
    const indexed = await prisma.messageSearch.findMany({ where: { tenantId: { in: [t.tenantId, t2.tenantId] } }, orderBy: { messageId: "asc" } });
    expect(indexed.map((s) => [s.tenantId, s.messageId, s.body])).toEqual([[t.tenantId, id, "held open"], [t2.tenantId, after, "committed later"]]);
    expect((await logOf(t, t.masterAccountId, { q: "held OPEN" }, "index")).ids).toEqual([id]);
  });
});
