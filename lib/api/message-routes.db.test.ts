// The messaging routes of both API surfaces, called as Next calls them (a Request in, a Response out),
// against the real database: authentication, wire shapes, status codes, idempotency headers.
import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/client";
import { stopQueue } from "@/lib/jobs/boss";
import { createApiKey } from "@/lib/domain/api-keys/create-api-key";
import { balanceOf, credit, fundMaster, makeChild, makeTenant, type TestTenant } from "@/lib/testing/factories";
import * as nativeMessages from "@/app/api/v1/messages/route";
import * as nativeEstimate from "@/app/api/v1/messages/estimate/route";
import * as nativeMessage from "@/app/api/v1/messages/[id]/route";
import * as smsSend from "@/app/sms/send/route";
import * as smsEstimate from "@/app/sms/estimate/route";
import * as smsMessages from "@/app/messages/route";
import * as smsMessage from "@/app/message/[id]/route";
import * as balance from "@/app/api/balance/route";
import * as nativeScheduled from "@/app/api/v1/scheduled/route";
import * as nativeScheduledOne from "@/app/api/v1/scheduled/[batchId]/route";
import * as nativeCancel from "@/app/api/v1/scheduled/[batchId]/cancel/route";

afterAll(() => stopQueue());

const BASE = "http://subledger.test";
const CY = "+35799123456";

async function memberWithKey(tenant: TestTenant, micro = 10_000_000n) {
  const member = await makeChild(tenant);
  await fundMaster(tenant, micro + 1_000_000n);
  if (micro > 0n) await credit(tenant, member.id, micro);
  const key = await createApiKey({ ctx: tenant.owner, input: { accountId: member.id, name: "test" } });
  return { member, key: key.plaintext };
}

function request(path: string, key: string | null, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}) {
  const headers: Record<string, string> = { "content-type": "application/json", accept: "application/json", ...init.headers };
  if (key) headers.authorization = `Bearer ${key}`;
  const body = init.body === undefined ? undefined : typeof init.body === "string" ? init.body : JSON.stringify(init.body);
  return new Request(`${BASE}${path}`, { method: init.method ?? (body ? "POST" : "GET"), headers, body });
}

const params = <P extends object>(p: P) => ({ params: Promise.resolve(p) });

describe("native messaging API", () => {
  it("sends with the member's key, replays on the same Idempotency-Key, and refuses another body with it", async () => {
    const tenant = await makeTenant();
    const { member, key } = await memberWithKey(tenant);
    const idem = randomUUID();
    const body = { to: CY, message: "Your code is 1234", sender_id: "Acme" };
    const first = await nativeMessages.POST(request("/api/v1/messages", key, { body, headers: { "idempotency-key": idem } }));
    expect(first.status).toBe(201);
    const sent = await first.json();
    expect(sent).toMatchObject({ to: CY, country: "CY", segments: 1, price: "0.045", currency: "EUR", status: "queued", charged_account_id: member.id });
    expect(await balanceOf(tenant, member.id)).toBe(10_000_000n - 45_000n);

    const replay = await nativeMessages.POST(request("/api/v1/messages", key, { body, headers: { "idempotency-key": idem } }));
    expect(replay.status).toBe(201);
    expect(replay.headers.get("idempotent-replayed")).toBe("true");
    expect((await replay.json()).id).toBe(sent.id);

    const conflict = await nativeMessages.POST(request("/api/v1/messages", key, { body: { ...body, message: "other" }, headers: { "idempotency-key": idem } }));
    expect(conflict.status).toBe(409);
    expect((await conflict.json()).error.code).toBe("idempotency_conflict");
    expect(await balanceOf(tenant, member.id)).toBe(10_000_000n - 45_000n);

    const detail = await nativeMessage.GET(request(`/api/v1/messages/${sent.id}`, key), params({ id: sent.id }));
    expect(await detail.json()).toMatchObject({ id: sent.id, message: "Your code is 1234", sender_id: "Acme", events: [{ status: "queued" }] });
    const list = await (await nativeMessages.GET(request("/api/v1/messages?status=queued", key))).json();
    expect(list).toMatchObject({ total: 1, data: [{ id: sent.id }] });
  });

  it("answers 401 without a key, 422 listing each bad recipient, 402 without funds, 404 for another tenant's message", async () => {
    const tenant = await makeTenant();
    const { key } = await memberWithKey(tenant);
    const { key: poorKey } = await memberWithKey(tenant, 0n);
    const noKey = await nativeMessages.POST(request("/api/v1/messages", null, { body: { to: CY, message: "hi" } }));
    expect(noKey.status).toBe(401);
    expect(noKey.headers.get("www-authenticate")).toContain("Bearer");

    const invalid = await nativeMessages.POST(request("/api/v1/messages", key, { body: { to: [CY, "12345", "+999"], message: "hi" } }));
    expect(invalid.status).toBe(422);
    const { error } = await invalid.json();
    expect(error.code).toBe("validation_failed");
    expect(Object.keys(error.details)).toEqual(["messages.1.to", "messages.2.to"]);

    const poor = await nativeMessages.POST(request("/api/v1/messages", poorKey, { body: { to: CY, message: "hi" } }));
    expect(poor.status).toBe(402);
    expect((await poor.json()).error).toMatchObject({ code: "insufficient_funds", message: "Insufficient funds: €0.00 available." });

    const other = await makeTenant();
    const { key: otherKey } = await memberWithKey(other);
    const theirs = await (await nativeMessages.POST(request("/api/v1/messages", otherKey, { body: { to: CY, message: "theirs" } }))).json();
    const foreign = await nativeMessage.GET(request(`/api/v1/messages/${theirs.id}`, key), params({ id: theirs.id }));
    expect(foreign.status).toBe(404);
    expect(await prisma.message.count({ where: { tenantId: tenant.tenantId } })).toBe(0);
  });

  it("estimates a bulk send per message without charging", async () => {
    const tenant = await makeTenant();
    const { member, key } = await memberWithKey(tenant);
    const res = await nativeEstimate.POST(request("/api/v1/messages/estimate", key, { body: { to: [CY, "+4915123456789", "nope"], message: "€".repeat(81) } }));
    expect(res.status).toBe(200);
    const estimate = await res.json();
    expect(estimate).toMatchObject({ count: 2, segments: 4, currency: "EUR", rejected: [{ index: 2, to: "nope" }] });
    expect(estimate.total_price).toBe("0.24"); // 2 × 0.045 + 2 × 0.075
    expect(await balanceOf(tenant, member.id)).toBe(10_000_000n);
  });
  it("sends with a native scheduled_at later, answering 202 with the scheduled send; a replay answers the same", async () => {
    const tenant = await makeTenant();
    const { member, key } = await memberWithKey(tenant);
    const body = { to: [CY, "+35799123457"], message: "Sale at nine", scheduled_at: "2027-01-15T09:00:00+02:00" };
    const first = await nativeMessages.POST(request("/api/v1/messages", key, { body, headers: { "idempotency-key": "sched-1" } }));
    expect(first.status).toBe(202);
    const scheduled = await first.json();
    expect(scheduled).toMatchObject({
      status: "scheduled",
      scheduled_at: "2027-01-15T07:00:00.000Z",
      account_id: member.id,
      count: 2,
      quoted_total: "0.09",
      messages: [expect.objectContaining({ to: CY, price: "0.045" }), expect.objectContaining({ to: "+35799123457" })],
    });
    const replay = await nativeMessages.POST(request("/api/v1/messages", key, { body, headers: { "idempotency-key": "sched-1" } }));
    expect(replay.status).toBe(202);
    expect(replay.headers.get("idempotent-replayed")).toBe("true");
    expect((await replay.json()).batch_id).toBe(scheduled.batch_id);
    const past = await nativeMessages.POST(request("/api/v1/messages", key, { body: { ...body, scheduled_at: "2020-01-01T00:00:00Z" } }));
    expect(past.status).toBe(422);
    expect(await past.json()).toMatchObject({ error: { code: "validation_failed", details: { scheduled_at: ["The time is in the past."] } } });
    const noOffset = await nativeMessages.POST(request("/api/v1/messages", key, { body: { ...body, scheduled_at: "2027-01-15 09:00:00" } }));
    expect(noOffset.status).toBe(422);
    expect(await balanceOf(tenant, member.id)).toBe(10_000_000n);
    expect(await prisma.scheduledSend.count({ where: { tenantId: tenant.tenantId } })).toBe(1);
    const detail = await (await nativeScheduledOne.GET(request(`/api/v1/scheduled/${scheduled.batch_id}`, key), params({ batchId: scheduled.batch_id }))).json();
    expect(detail).toEqual(scheduled);
  });
  it("lists messages with their campaign and reference, and filters on them exactly", async () => {
    const tenant = await makeTenant();
    const { member, key } = await memberWithKey(tenant);
    const { sendMessages } = await import("@/lib/domain/messaging/send-messages");
    const ctx = { ...tenant.owner, accountId: member.id, role: "owner" as const };
    await sendMessages({ ctx, input: { campaign: "Spring", messages: [{ to: CY, body: "a", reference: "r-1" }, { to: CY, body: "b", reference: "r-2" }] } });
    await sendMessages({ ctx, input: { campaign: "Spring sale", messages: [{ to: CY, body: "c" }] } });
    const list = async (query: string) => (await (await nativeMessages.GET(request(`/api/v1/messages?${query}`, key))).json()) as { data: { message: string; campaign: string | null; reference: string | null }[] };
    expect((await list("campaign=Spring")).data.map((m) => [m.message, m.campaign, m.reference]).sort()).toEqual([["a", "Spring", "r-1"], ["b", "Spring", "r-2"]]);
    expect((await list("reference=r-2")).data.map((m) => m.message)).toEqual(["b"]);
    expect((await list("campaign=Spring%20sale")).data.map((m) => [m.message, m.reference])).toEqual([["c", null]]);
  });
});

describe("SMS.to-compatible messaging", () => {
  it("answers the SDK's send, campaign, estimate, message, log and balance calls in SMS.to's shapes", async () => {
    const tenant = await makeTenant();
    const { key } = await memberWithKey(tenant);
    const single = await (await smsSend.POST(request("/sms/send", key, { body: { to: CY, message: "hi", sender_id: "Team1" } }))).json();
    expect(single).toMatchObject({ success: true, message: "Message is queued for sending! Please check report for update" });
    expect(single.message_id).toMatch(/^\d+$/);

    const campaign = await (await smsSend.POST(request("/sms/send", key, { body: { to: [CY, "+35799123457"], message: "hi all", senderID: "Team1" } }))).json();
    expect(campaign).toMatchObject({ success: true });
    expect(campaign.campaign_id).toMatch(/^[0-9a-f-]{36}$/);

    const personalised = await (await smsSend.POST(request("/sms/send", key, { body: { messages: [{ to: CY, message: "hi A" }, { to: "+35799123458", message: "hi B" }] } }))).json();
    expect(personalised.campaign_id).toBeDefined();

    const estimateText = await (await smsEstimate.POST(request("/sms/estimate", key, { body: { to: CY, message: "hi" } }))).text();
    expect(estimateText).toContain('"estimated_cost":0.045');
    expect(JSON.parse(estimateText)).toMatchObject({ sms_count: 1, min_sms_count: 1, max_sms_count: 1, contact_count: 1, invalid_count: 0, errors: [] });

    const detail = await (await smsMessage.GET(request(`/message/${single.message_id}`, key), params({ id: single.message_id }))).json();
    expect(detail).toMatchObject({ success: true, status: "QUEUED", to: CY, failed_reason: null });
    expect(detail.updated_at).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);

    const log = await (await smsMessages.GET(request("/messages?limit=2", key))).json();
    expect(log).toMatchObject({ success: true, current_page: 1, per_page: 2, total: 5, last_page: 3, from: 1, to: 2 });
    expect(log.data).toHaveLength(2);

    const balanceText = await (await balance.GET(request("/api/balance", key, { headers: { "x-smsto-sdk": key } }))).text();
    expect(JSON.parse(balanceText)).toMatchObject({ success: true, currency: "EUR" });
    expect(balanceText).toContain(`"balance":${(10_000_000 - 5 * 45_000) / 1_000_000}`);
  });

  it("keeps a send with scheduled_for in its timezone until then: single, list and personalised, answered as a campaign", async () => {
    const tenant = await makeTenant();
    const { member, key } = await memberWithKey(tenant);
    const single = await (await smsSend.POST(request("/sms/send", key, { body: { to: CY, message: "later", scheduled_for: "2027-03-01 09:30:00", timezone: "Europe/Athens" } }))).json();
    expect(single).toMatchObject({ success: true, campaign_id: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    const list = await (await smsSend.POST(request("/sms/send", key, { body: { to: [CY, "+35799123457"], message: "later", scheduled_for: "2027-03-01 09:30:00" } }))).json();
    // the PHP SDK's older camelCase key, with personalised texts
    const personalised = await (
      await smsSend.POST(request("/sms/send", key, { body: { messages: [{ to: CY, message: "hi A" }, { to: "+35799123457", message: "hi B" }], scheduledFor: "2027-03-01 09:30:00", timezone: "UTC" } }))
    ).json();
    const rows = await prisma.scheduledSend.findMany({ where: { tenantId: tenant.tenantId, accountId: member.id }, include: { messages: { orderBy: { ord: "asc" } } } });
    const byId = new Map(rows.map((r) => [r.batchId, r]));
    // Athens is UTC+2 in March
    expect(byId.get(single.campaign_id)?.scheduledAt.toISOString()).toBe("2027-03-01T07:30:00.000Z");
    expect(byId.get(list.campaign_id)?.scheduledAt.toISOString()).toBe("2027-03-01T09:30:00.000Z");
    expect(byId.get(personalised.campaign_id)?.messages.map((m) => m.body)).toEqual(["hi A", "hi B"]);
    expect(await balanceOf(tenant, member.id)).toBe(10_000_000n);

    // the native API lists and cancels it
    const listed = await (await nativeScheduled.GET(request("/api/v1/scheduled?status=scheduled", key))).json();
    expect(listed).toMatchObject({ total: 3, waiting: 3 });
    const cancelled = await nativeCancel.POST(request(`/api/v1/scheduled/${single.campaign_id}/cancel`, key, { method: "POST" }), params({ batchId: single.campaign_id }));
    expect(cancelled.status).toBe(200);
    expect(await cancelled.json()).toMatchObject({ status: "cancelled", count: 1, quoted_total: "0.045" });
    const again = await nativeCancel.POST(request(`/api/v1/scheduled/${single.campaign_id}/cancel`, key, { method: "POST" }), params({ batchId: single.campaign_id }));
    expect(again.status).toBe(409);
    expect((await nativeScheduledOne.GET(request("/api/v1/scheduled/not-a-uuid", key), params({ batchId: "not-a-uuid" }))).status).toBe(404);
  });

  it("refuses a bad schedule and contact lists clearly, with success false and nothing charged", async () => {
    const tenant = await makeTenant();
    const { member, key } = await memberWithKey(tenant);
    for (const [schedule, field] of [
      [{ scheduled_for: "2030-01-01 10:00:00", timezone: "UTC" }, "scheduled_for"],
      [{ scheduled_for: "2027-01-01 10:00:00", timezone: "Mars/Olympus" }, "timezone"],
      [{ scheduled_for: "01/02/2027 10:00" }, "scheduled_for"],
    ] as const) {
      const scheduled = await smsSend.POST(request("/sms/send", key, { body: { to: CY, message: "later", ...schedule } }));
      expect(scheduled.status).toBe(422);
      expect(await scheduled.json()).toMatchObject({ success: false, errors: { [field]: [expect.any(String)] } });
    }
    expect(await prisma.scheduledSend.count({ where: { tenantId: tenant.tenantId } })).toBe(0);
    const list = await (await smsSend.POST(request("/sms/send", key, { body: { list_id: 12, message: "x" } }))).json();
    expect(list.success).toBe(false);
    expect(list.message).toContain("list");
    const wrongKey = await (await smsSend.POST(request("/sms/send", "sk_live_nope", { body: { to: CY, message: "x" } }))).json();
    expect(wrongKey).toEqual({ success: false, message: "Invalid or revoked API key." });
    expect(await balanceOf(tenant, member.id)).toBe(10_000_000n);
  });
});
