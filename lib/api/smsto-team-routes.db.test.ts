// SMS.to's team endpoints (reference/smsto-api.md §2), called as Next calls them (a Request in, a Response
// out) with the PHP SDK's headers and bodies, against the real database: reply shapes, every refusal as
// `{success: false, message}`, exact amounts, idempotent retries, and who may touch which member.
import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/client";
import { stopQueue } from "@/lib/jobs/boss";
import { createApiKey } from "@/lib/domain/api-keys/create-api-key";
import { revokeApiKey } from "@/lib/domain/api-keys/revoke-api-key";
import { authenticateApiKey } from "@/lib/domain/api-keys/authenticate-api-key";
import { suspendMember } from "@/lib/domain/members/suspend-member";
import { balanceOf, credit, fundMaster, makeChild, makeTenant, type TestTenant } from "@/lib/testing/factories";
import { invite, latestTokenFor, newInviteeEmail, useTestMailbox } from "@/lib/testing/invitations";
import * as users from "@/app/v1/team/users/route";
import * as invitations from "@/app/v1/team/invitations/route";
import * as create from "@/app/v1/team/user/create/route";
import * as inviteRoute from "@/app/v1/team/user/invite/route";
import * as disable from "@/app/v1/team/user/[id]/disable/route";
import * as enable from "@/app/v1/team/user/[id]/enable/route";
import * as creditRoute from "@/app/v1/team/user/[id]/credit/route";
import * as debitRoute from "@/app/v1/team/user/[id]/debit/route";
import * as deleteMemberRoute from "@/app/v1/team/user/[id]/delete/route";
import * as deleteInvitationRoute from "@/app/v1/team/invitation/[id]/delete/route";

afterAll(() => stopQueue());
const mailbox = useTestMailbox();

const BASE = "http://subledger.test";
const EUR = 1_000_000n;

/** A request as the PHP SDK 1.1.4 sends it (§1): JSON headers on every method, Guzzle's user agent. */
function sdkRequest(method: "GET" | "POST" | "DELETE", path: string, key: string | null, init: { body?: string; headers?: Record<string, string> } = {}) {
  const headers: Record<string, string> = { "content-type": "application/json", accept: "application/json", "user-agent": "GuzzleHttp/7", ...init.headers };
  if (key) headers.authorization = `Bearer ${key}`;
  return new Request(`${BASE}/v1${path}`, { method, headers, body: init.body });
}
const id = (value: number | string) => ({ params: Promise.resolve({ id: String(value) }) });

type Reply = { status: number; body: Record<string, any>; headers: Headers };
async function read(pending: Promise<Response>): Promise<Reply> {
  const res = await pending;
  const text = await res.text();
  const body = JSON.parse(text);
  expect(typeof body === "object" && body !== null && !Array.isArray(body), `not a JSON object: ${text}`).toBe(true);
  return { status: res.status, body, headers: res.headers };
}

const api = (key: string | null) => ({
  users: (query = "") => read(users.GET(sdkRequest("GET", `/team/users${query}`, key))),
  invitations: (query = "") => read(invitations.GET(sdkRequest("GET", `/team/invitations${query}`, key))),
  create: (body = '{"auto_generate_credentials":true,"terms_conditions":true}') => read(create.POST(sdkRequest("POST", "/team/user/create", key, { body }))),
  invite: (body: string) => read(inviteRoute.POST(sdkRequest("POST", "/team/user/invite", key, { body }))),
  disable: (member: number | string) => read(disable.GET(sdkRequest("GET", `/team/user/${member}/disable`, key), id(member))),
  enable: (member: number | string) => read(enable.GET(sdkRequest("GET", `/team/user/${member}/enable`, key), id(member))),
  credit: (member: number | string, amount: string, headers?: Record<string, string>) =>
    read(creditRoute.GET(sdkRequest("GET", `/team/user/${member}/credit?amount=${amount}`, key, { headers }), id(member))),
  debit: (member: number | string, amount: string, headers?: Record<string, string>) =>
    read(debitRoute.GET(sdkRequest("GET", `/team/user/${member}/debit?amount=${amount}`, key, { headers }), id(member))),
  deleteMember: (member: number | string, body = "[]") =>
    read(deleteMemberRoute.DELETE(sdkRequest("DELETE", `/team/user/${member}/delete`, key, { body }), id(member))),
  deleteInvitation: (invitation: number | string, body = "[]") =>
    read(deleteInvitationRoute.DELETE(sdkRequest("DELETE", `/team/invitation/${invitation}/delete`, key, { body }), id(invitation))),
});

/** Expects an SMS.to refusal: `success: false`, a message, and the given status. */
function expectRefused(reply: Reply, status: number, message?: string | RegExp) {
  expect(reply.status, JSON.stringify(reply.body)).toBe(status);
  expect(reply.body.success).toBe(false);
  expect(typeof reply.body.message).toBe("string");
  expect(reply.body.message.length).toBeGreaterThan(0);
  if (typeof message === "string") expect(reply.body.message).toBe(message);
  else if (message) expect(reply.body.message).toMatch(message);
}

async function masterKey(tenant: TestTenant) {
  return (await createApiKey({ ctx: tenant.owner, input: { accountId: tenant.masterAccountId, name: "smsto" } })).plaintext;
}
async function keyFor(tenant: TestTenant, accountId: number) {
  return (await createApiKey({ ctx: tenant.owner, input: { accountId, name: "smsto" } })).plaintext;
}
const transfersOf = (tenant: TestTenant, accountId: number) =>
  prisma.transfer.findMany({ where: { tenantId: tenant.tenantId, OR: [{ fromAccountId: accountId }, { toAccountId: accountId }] }, orderBy: { id: "asc" } });

describe("SMS.to team endpoints: the SDK's calls in order", () => {
  it("lists, creates, invites, disables, enables, credits, debits and deletes as the demo does (§2)", async () => {
    const tenant = await makeTenant();
    const key = await masterKey(tenant);
    await fundMaster(tenant, 100n * EUR);
    const client = api(key);

    const empty = await client.users();
    expect(empty.status).toBe(200);
    expect(empty.body).toMatchObject({ success: true, data: [], total: 0, current_page: 1, last_page: 1 });
    expect((await client.invitations()).body).toMatchObject({ success: true, data: [], total: 0 });

    const created = await client.create();
    expect(created.status).toBe(200);
    expect(created.body.success).toBe(true);
    const memberId = created.body.data.id;
    expect(Number.isInteger(memberId)).toBe(true);
    expect(created.body.data).toMatchObject({ parent_id: tenant.masterAccountId, status: "active", balance: 0, currency: "EUR" });
    expect(created.body.data.password).toMatch(/^[A-Za-z2-9]{20}$/);
    // the member's own key works at once (for /sms/send and /api/balance)
    expect((await authenticateApiKey(created.body.data.api_key)).accountId).toBe(memberId);

    const listed = await client.users();
    expect(listed.body).toMatchObject({ success: true, total: 1, per_page: 100 });
    expect(listed.body.data[0]).toMatchObject({ id: memberId, name: created.body.data.name, balance: 0, status: "active", is_active: true });
    expect(listed.body.data[0].api_key).toMatch(/^sk_live_[0-9a-f]{16}_…[0-9a-f]{4}$/);

    const email = newInviteeEmail();
    const invited = await client.invite(JSON.stringify({ email }));
    expect(invited.body).toMatchObject({ success: true, message: `Invitation sent to ${email}.`, data: { email, status: "pending", mail_sent: true } });
    expect(await latestTokenFor(mailbox, email)).toMatch(/^[A-Za-z0-9_-]+$/);
    const invitationList = await client.invitations();
    expect(invitationList.body.data).toMatchObject([{ id: invited.body.data.id, email, status: "pending", role: "owner" }]);

    const disabled = await client.disable(memberId);
    expect(disabled.body).toMatchObject({ success: true, data: { id: memberId, status: "suspended", is_active: false } });
    expectRefused(await read(users.GET(sdkRequest("GET", "/team/users", created.body.data.api_key))), 401, "The account is suspended or closed.");
    expect((await client.enable(memberId)).body).toMatchObject({ success: true, data: { status: "active", is_active: true } });

    const credited = await client.credit(memberId, "5");
    expect(credited.body).toMatchObject({ success: true, data: { id: memberId, type: "credit", amount: 5, balance: 5, currency: "EUR" } });
    expect(credited.headers.get("idempotent-replayed")).toBeNull();
    expect(await balanceOf(tenant, memberId)).toBe(5n * EUR);
    expect((await client.debit(memberId, "5")).body).toMatchObject({ success: true, data: { type: "debit", amount: 5, balance: 0 } });
    expect(await balanceOf(tenant, memberId)).toBe(0n);
    const decimal = await client.credit(memberId, "2.5");
    expect(decimal.body.data).toMatchObject({ amount: 2.5, balance: 2.5, parent_balance: 97.5 });
    expect(await balanceOf(tenant, memberId)).toBe(2_500_000n);

    const deleted = await client.deleteMember(memberId);
    expect(deleted.body).toMatchObject({
      success: true,
      message: `Team member deleted. 2.5 EUR returned to account ${tenant.masterAccountId}.`,
      data: { id: memberId, status: "closed", returned_amount: 2.5, revoked_api_keys: 1 },
    });
    expect(await balanceOf(tenant, memberId)).toBe(0n);
    expect(await balanceOf(tenant, tenant.masterAccountId)).toBe(100n * EUR);
    expect((await client.users()).body.total).toBe(0);
    expect((await client.users("?status=closed")).body.data).toMatchObject([{ id: memberId, status: "closed" }]);

    const revoked = await client.deleteInvitation(invited.body.data.id);
    expect(revoked.body).toMatchObject({ success: true, data: { id: invited.body.data.id, status: "revoked" } });
    expect((await client.invitations("?status=revoked")).body.data).toMatchObject([{ email, status: "revoked" }]);

    // P12: the SDK throws the message of a success:false reply
    expectRefused(await client.disable(999_999), 404);
  });

  it("takes an optional name and e-mail on create, and pages the member list like Laravel", async () => {
    const tenant = await makeTenant();
    const client = api(await masterKey(tenant));
    const email = `named-${randomUUID()}@test.local`;
    const named = await client.create(JSON.stringify({ auto_generate_credentials: true, terms_conditions: "1", name: "Shop Nicosia", email }));
    expect(named.body.data).toMatchObject({ name: "Shop Nicosia", email });
    await client.create();
    await client.create();
    const page2 = await client.users("?per_page=2&page=2");
    expect(page2.body).toMatchObject({ success: true, current_page: 2, per_page: 2, total: 3, last_page: 2, from: 3, to: 3, next_page_url: null });
    expect(page2.body.data).toHaveLength(1);
    expect(page2.body.prev_page_url).toBe(`${BASE}/v1/team/users?per_page=2&page=1`);
    expect((await client.users("?search=Nicosia")).body.data).toMatchObject([{ id: named.body.data.id, email }]);
    await client.disable(named.body.data.id);
    expect((await client.users("?status=suspended")).body.data).toMatchObject([{ id: named.body.data.id }]);
  });
});

describe("SMS.to credit and debit amounts", () => {
  it("parses decimal amounts exactly from the query string, never through a float", async () => {
    const tenant = await makeTenant();
    const client = api(await masterKey(tenant));
    await fundMaster(tenant, 1_000n * EUR);
    const member = await makeChild(tenant);
    for (const [amount, micro] of [["2.50", 2_500_000n], ["0.000001", 1n], ["0.1", 100_000n], ["0.2", 200_000n], ["7", 7_000_000n], [".5", 500_000n]] as const) {
      const reply = await client.credit(member.id, amount);
      expect(reply.body.success, `${amount}: ${reply.body.message}`).toBe(true);
      const [last] = (await transfersOf(tenant, member.id)).slice(-1);
      expect(last.amount).toBe(micro);
    }
    // 0.1 + 0.2 is 0.3 here, not 0.30000000000000004
    expect(await balanceOf(tenant, member.id)).toBe(10_300_001n);
    const text = await (await creditRoute.GET(sdkRequest("GET", `/team/user/${member.id}/credit?amount=0.000001`, await masterKey(tenant)), id(member.id))).text();
    expect(text).toContain('"balance":10.300002');
  });

  it("refuses missing, negative, zero, over-precise, huge and malformed amounts, moving nothing", async () => {
    const tenant = await makeTenant();
    const client = api(await masterKey(tenant));
    await fundMaster(tenant, 10n * EUR);
    const member = await makeChild(tenant);
    await credit(tenant, member.id, 1n * EUR);
    const before = (await transfersOf(tenant, member.id)).length;
    const cases: [string, string][] = [
      ["", "amount: The amount field is required."],
      ["-5", "amount: The amount must be positive."],
      ["0", "amount: The amount must be positive."],
      ["0.00", "amount: The amount must be positive."],
      ["1.0000001", "amount: Use at most 6 decimals."],
      ["0.30000000000000004", "amount: Use at most 6 decimals."],
      ["1.0E%2B25", "amount: Enter an amount such as 25 or 12.50."],
      ["1e3", "amount: Enter an amount such as 25 or 12.50."],
      ["10000000000000", "amount: The amount is too large."],
      ["abc", "amount: Enter an amount such as 25 or 12.50."],
      ["1%2C5", "amount: Enter an amount such as 25 or 12.50."],
      ["5&amount=6", "amount: Send the amount once."],
    ];
    for (const [amount, message] of cases) {
      expectRefused(await client.credit(member.id, amount), 422, message);
      expectRefused(await client.debit(member.id, amount), 422, message);
    }
    const noQuery = await read(creditRoute.GET(sdkRequest("GET", `/team/user/${member.id}/credit`, await masterKey(tenant)), id(member.id)));
    expectRefused(noQuery, 422, "amount: The amount field is required.");
    expect(noQuery.body.errors).toEqual({ amount: ["The amount field is required."] });
    expect((await transfersOf(tenant, member.id)).length).toBe(before);
  });

  it("refuses a debit beyond the member's balance and a credit beyond the parent's, with the amount available", async () => {
    const tenant = await makeTenant();
    const client = api(await masterKey(tenant));
    await fundMaster(tenant, 10n * EUR);
    const member = await makeChild(tenant);
    await credit(tenant, member.id, 3n * EUR);
    expectRefused(await client.debit(member.id, "3.01"), 402, "Insufficient funds: €3.00 available.");
    expectRefused(await client.credit(member.id, "7.000001"), 402, "Insufficient funds: €7.00 available.");
    expect(await balanceOf(tenant, member.id)).toBe(3n * EUR);
  });
});

describe("SMS.to credit and debit retries", () => {
  it("moves money once per Idempotency-Key, replays the first reply, and refuses the key with another amount", async () => {
    const tenant = await makeTenant();
    const key = await masterKey(tenant);
    const client = api(key);
    await fundMaster(tenant, 100n * EUR);
    const member = await makeChild(tenant);
    const retry = { "Idempotency-Key": `retry-${randomUUID()}` };

    const first = await client.credit(member.id, "5", retry);
    const again = await client.credit(member.id, "5", retry);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(await balanceOf(tenant, member.id)).toBe(5n * EUR);

    expectRefused(await client.credit(member.id, "6", retry), 409, "This idempotency key was already used for a different request.");
    expectRefused(await client.debit(member.id, "5", retry), 409);

    // concurrent duplicates: exactly one moves money
    const race = { "Idempotency-Key": `race-${randomUUID()}` };
    const replies = await Promise.all(Array.from({ length: 5 }, () => client.debit(member.id, "1", race)));
    expect(replies.every((r) => r.body.success === true)).toBe(true);
    expect(new Set(replies.map((r) => r.body.data.transfer_id)).size).toBe(1);
    expect(await balanceOf(tenant, member.id)).toBe(4n * EUR);

    // without a key each GET is a new credit: the documented risk of SMS.to's money calls
    await client.credit(member.id, "1");
    await client.credit(member.id, "1");
    expect(await balanceOf(tenant, member.id)).toBe(6n * EUR);
  });

  it("keeps each API key's idempotency keys apart, hashes long ones, and refuses a malformed header", async () => {
    const tenant = await makeTenant();
    const first = api(await masterKey(tenant));
    const second = api(await masterKey(tenant));
    await fundMaster(tenant, 100n * EUR);
    const member = await makeChild(tenant);
    const shared = { "Idempotency-Key": "order-1234" };
    await first.credit(member.id, "1", shared);
    const other = await second.credit(member.id, "1", shared);
    expect(other.headers.get("idempotent-replayed")).toBeNull();
    expect(await balanceOf(tenant, member.id)).toBe(2n * EUR);

    const long = { "Idempotency-Key": "x".repeat(255) };
    const a = await first.credit(member.id, "1", long);
    const b = await first.credit(member.id, "1", long);
    expect(b.body.data.transfer_id).toBe(a.body.data.transfer_id);
    expect(b.headers.get("idempotent-replayed")).toBe("true");
    expect(await balanceOf(tenant, member.id)).toBe(3n * EUR);

    expectRefused(await first.credit(member.id, "1", { "Idempotency-Key": "x".repeat(256) }), 400, /Idempotency-Key/);
    expect(await balanceOf(tenant, member.id)).toBe(3n * EUR);
  });
});

describe("SMS.to team endpoints: who may touch what", () => {
  it("answers not found for unknown, malformed, foreign-tenant and out-of-subtree ids, and for the key's own account", async () => {
    const tenant = await makeTenant();
    const other = await makeTenant();
    await fundMaster(tenant, 10n * EUR);
    const partner = await makeChild(tenant, { isPartner: true });
    const sibling = await makeChild(tenant);
    const partnerChild = await makeChild(tenant, { parentId: partner.id });
    const foreign = await makeChild(other);
    const partnerClient = api(await keyFor(tenant, partner.id));
    const masterClient = api(await masterKey(tenant));

    for (const target of [999_999_999, "abc", "1.5", "-3", "99999999999", foreign.id, sibling.id, tenant.masterAccountId, partner.id]) {
      expectRefused(await partnerClient.disable(target), 404);
      expectRefused(await partnerClient.enable(target), 404);
      expectRefused(await partnerClient.credit(target, "1"), 404);
      expectRefused(await partnerClient.debit(target, "1"), 404);
      expectRefused(await partnerClient.deleteMember(target), 404);
    }
    // the master reaches the partner's member; the partner reaches it too
    expect((await masterClient.disable(partnerChild.id)).body.success).toBe(true);
    expect((await partnerClient.enable(partnerChild.id)).body.success).toBe(true);
    expect((await partnerClient.users()).body.data.map((m: { id: number }) => m.id)).toEqual([partnerChild.id]);
    expect(await prisma.account.count({ where: { tenantId: other.tenantId, status: { not: "active" } } })).toBe(0);
  });

  it("hides invitations of another tenant or another branch, and refuses to delete one twice", async () => {
    const tenant = await makeTenant();
    const other = await makeTenant();
    const partner = await makeChild(tenant, { isPartner: true });
    const masterClient = api(await masterKey(tenant));
    const partnerClient = api(await keyFor(tenant, partner.id));
    const foreign = await invite(other);
    const fromMaster = await invite(tenant);

    expectRefused(await masterClient.deleteInvitation(foreign.invitation.id), 404, "Invitation not found.");
    expectRefused(await partnerClient.deleteInvitation(fromMaster.invitation.id), 404, "Invitation not found.");
    expectRefused(await masterClient.deleteInvitation("abc"), 404, "Invitation not found.");
    expect((await partnerClient.invitations()).body.total).toBe(0);
    expect((await masterClient.deleteInvitation(fromMaster.invitation.id)).body.success).toBe(true);
    expectRefused(await masterClient.deleteInvitation(fromMaster.invitation.id), 409, "This invitation was already revoked: it cannot be revoked.");
  });

  it("refuses a missing, wrong or revoked key and a suspended caller with success false", async () => {
    const tenant = await makeTenant();
    const partner = await makeChild(tenant, { isPartner: true });
    const member = await makeChild(tenant, { parentId: partner.id });
    const created = await createApiKey({ ctx: tenant.owner, input: { accountId: partner.id, name: "to revoke" } });

    expectRefused(await api(null).users(), 401, "Missing API key: send it as Authorization: Bearer <key>.");
    expectRefused(await api("sk_live_nope").disable(member.id), 401, "Invalid or revoked API key.");
    expect((await api(created.plaintext).users()).body.success).toBe(true);
    await revokeApiKey({ ctx: tenant.owner, input: { accountId: partner.id, apiKeyId: created.id } });
    expectRefused(await api(created.plaintext).disable(member.id), 401, "Invalid or revoked API key.");

    const partnerKey = await keyFor(tenant, partner.id);
    await suspendMember({ ctx: tenant.owner, input: { accountId: partner.id } });
    expectRefused(await api(partnerKey).disable(member.id), 401, "The account is suspended or closed.");
    expectRefused(await api(partnerKey).create(), 401, "The account is suspended or closed.");
    expect((await prisma.account.findFirstOrThrow({ where: { tenantId: tenant.tenantId, id: member.id } })).status).toBe("active");
  });
});

describe("SMS.to team endpoints: bodies", () => {
  it("refuses bad JSON, missing fields and wrong types on create, creating nothing", async () => {
    const tenant = await makeTenant();
    const client = api(await masterKey(tenant));
    const count = () => prisma.account.count({ where: { tenantId: tenant.tenantId } });
    const before = await count();

    expectRefused(await client.create("{"), 400, "The request body is not valid JSON.");
    expectRefused(await client.create(""), 422, /^auto_generate_credentials: The auto generate credentials field is required\. \(and 1 more error\)$/);
    expectRefused(await client.create('{"auto_generate_credentials":true}'), 422, "terms_conditions: The terms conditions must be accepted.");
    expectRefused(await client.create('{"auto_generate_credentials":true,"terms_conditions":false}'), 422, "terms_conditions: The terms conditions must be accepted.");
    expectRefused(await client.create('{"auto_generate_credentials":false,"terms_conditions":true}'), 422, /invite the person with \/v1\/team\/user\/invite/);
    expectRefused(await client.create('{"auto_generate_credentials":true,"terms_conditions":true,"name":5}'), 422, /^name: /);
    expectRefused(await client.create('{"auto_generate_credentials":true,"terms_conditions":true,"email":"not-an-address"}'), 422, "email: Enter a valid e-mail address.");
    expectRefused(await client.create("[1,2]"), 422);
    expectRefused(await client.create('"text"'), 422);
    expect(await count()).toBe(before);
  });

  it("refuses bad invitations: bad JSON, no e-mail, a malformed one, a taken one", async () => {
    const tenant = await makeTenant();
    const client = api(await masterKey(tenant));
    expectRefused(await client.invite("{"), 400);
    expectRefused(await client.invite("{}"), 422, "email: The email field is required.");
    expectRefused(await client.invite('{"email":42}'), 422, "email: The email must be a string.");
    expectRefused(await client.invite('{"email":"nobody"}'), 422, "email: Enter a valid e-mail address.");
    expectRefused(await client.invite(JSON.stringify({ email: tenant.ownerEmail })), 409, "A user with this e-mail address already exists.");
    expect(await prisma.invitation.count({ where: { tenantId: tenant.tenantId } })).toBe(0);
  });

  it("takes a DELETE's body as the SDK sends it ([] or nothing), refuses one that is not JSON, and refuses a member with members", async () => {
    const tenant = await makeTenant();
    const client = api(await masterKey(tenant));
    const partner = await makeChild(tenant, { isPartner: true });
    const child = await makeChild(tenant, { parentId: partner.id });
    const plain = await makeChild(tenant);

    expectRefused(await client.deleteMember(plain.id, "[1"), 400, "The request body is not valid JSON.");
    expectRefused(await client.deleteMember(partner.id), 409, "This account still has 1 open member. Delete them first.");
    expect((await client.deleteMember(child.id, "")).body.success).toBe(true);
    expect((await client.deleteMember(plain.id, '{"amount":5}')).body).toMatchObject({ success: true, message: "Team member deleted.", data: { returned_amount: 0 } });
    expectRefused(await client.deleteMember(plain.id), 409, "The account is already closed.");
    expectRefused(await client.disable(plain.id), 409, "The account is closed.");
    expectRefused(await client.credit(plain.id, "1"), 409);
  });
});
