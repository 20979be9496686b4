// SMS Central's send and balance (reference-smscentral §2, §3, §12), called as Next calls the routes (a Request
// in, a Response out) against the real database: every body encoding and path form, the exact bodies its clients
// compare, one code per refusal, and nothing charged or logged on any refusal.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/client";
import { hashPassword } from "@/lib/auth/password";
import { balanceText, SMSCENTRAL_SEND_CODES } from "@/lib/api/smscentral-messaging";
import { createUserWithMembership } from "@/lib/domain/users/internal";
import { balanceOf, credit, fundMaster, makeChild, makeTenant, TEST_PASSWORD, type TestTenant } from "@/lib/testing/factories";
import * as api from "@/app/api/v3.2/route";
import * as wrapper from "@/app/wrapper/sms/route";

const BASE = "http://subledger.test/api/v3.2";
const CY = "35799123456"; // Cyprus, 0.045 EUR a segment in the default list; SMS Central writes numbers without +
const CY_PRICE = 45_000n;

type Params = Record<string, string>;

const form = (params: Params, handler = api.POST) =>
  handler(new Request(BASE, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams(params).toString() }));
/** C3: `K=V&` pairs joined raw, not URL-encoded, with a trailing `&` */
const rawForm = (params: Params) =>
  api.POST(new Request(BASE, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: Object.entries(params).map(([k, v]) => `${k}=${v}&`).join("") }));
const multipart = (params: Params) => {
  const body = new FormData();
  for (const [k, v] of Object.entries(params)) body.append(k, v);
  return api.POST(new Request(BASE, { method: "POST", body }));
};
const json = (params: Record<string, unknown>) =>
  api.POST(new Request(BASE, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(params) }));
const get = (params: Params, handler = api.GET) => handler(new Request(`${BASE}/?${new URLSearchParams(params)}`));

const body = async (pending: Promise<Response>) => {
  const res = await pending;
  expect(res.status).toBe(200);
  return res.text();
};

/** A member with its own sign-in (an owner of it), funded by its parent. */
async function sender(tenant: TestTenant, funds = 10_000_000n) {
  const member = await makeChild(tenant, { isPartner: true });
  const username = `sender-${randomUUID()}@test.local`;
  await createUserWithMembership(prisma, { tenantId: tenant.tenantId, accountId: member.id, email: username, name: "Sender", passwordHash: await hashPassword(TEST_PASSWORD), role: "owner" });
  if (funds > 0n) await credit(tenant, member.id, funds);
  return { id: member.id, auth: { USERNAME: username, PASSWORD: TEST_PASSWORD } };
}

const messagesOf = (tenant: TestTenant, accountId: number) =>
  prisma.message.findMany({ where: { tenantId: tenant.tenantId, accountId }, orderBy: { id: "asc" } });

const code = (name: keyof typeof SMSCENTRAL_SEND_CODES) => new RegExp(`^${SMSCENTRAL_SEND_CODES[name]} \\S.*$`);

async function funded() {
  const tenant = await makeTenant();
  await fundMaster(tenant, 1_000_000_000n);
  return tenant;
}

describe("ACTION=send", () => {
  it("answers exactly 0 and sends, charges and logs one message, whatever the encoding", async () => {
    const tenant = await funded();
    const s = await sender(tenant);
    const send = (text: string) => ({ ...s.auth, ACTION: "send", ORIGINATOR: "Acme", RECIPIENT: CY, MESSAGE_TEXT: text });
    expect(await body(form(send("form")))).toBe("0");
    expect(await body(multipart(send("multipart")))).toBe("0");
    expect(await body(json(send("json")))).toBe("0");
    expect(await body(get(send("query string")))).toBe("0");
    expect(await body(rawForm(send("raw")))).toBe("0");
    expect(await body(form(send("old URL"), wrapper.POST))).toBe("0");
    // a boundary in mixed case (browsers', curl's and Playwright's): it is case-sensitive
    const boundary = "----FormBoundaryAbCdEf";
    const parts = Object.entries(send("boundary")).map(([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`).join("");
    expect(await body(api.POST(new Request(BASE, { method: "POST", headers: { "content-type": `multipart/form-data; boundary=${boundary}` }, body: `${parts}--${boundary}--\r\n` })))).toBe("0");
    const logged = await messagesOf(tenant, s.id);
    expect(logged.map((m) => m.body)).toEqual(["form", "multipart", "json", "query string", "raw", "old URL", "boundary"]);
    expect(logged.every((m) => m.recipient === `+${CY}` && m.senderId === "Acme" && m.price === CY_PRICE)).toBe(true);
    expect(await balanceOf(tenant, s.id)).toBe(10_000_000n - 7n * CY_PRICE);
  });

  it("keeps CAMPAIGN and REFERENCE on the message, takes shared and dedicated as the default sender, and lower-case names", async () => {
    const tenant = await funded();
    const s = await sender(tenant);
    expect(await body(form({ ...s.auth, ACTION: "send", ORIGINATOR: "shared", RECIPIENT: CY, MESSAGE_TEXT: "hi", CAMPAIGN: "Spring sale", REFERENCE: "order-1" }))).toBe("0");
    expect(await body(form({ username: s.auth.USERNAME, password: TEST_PASSWORD, action: "send", originator: "dedicated", recipient: CY, message_text: "lower" }))).toBe("0");
    const [first, second] = await messagesOf(tenant, s.id);
    expect(first).toMatchObject({ campaign: "Spring sale", reference: "order-1", senderId: "Subledger" });
    expect(second).toMatchObject({ body: "lower", campaign: null, reference: null });
  });

  it("sends a RECIPIENTMESSAGES batch as one request, answered by one 0", async () => {
    const tenant = await funded();
    const s = await sender(tenant);
    const batch = [
      { RECIPIENT: CY, MESSAGE_TEXT: "one", REFERENCE: "NUMBER_1" },
      { RECIPIENT: "35799123457", MESSAGE_TEXT: "two" },
    ];
    expect(await body(multipart({ ...s.auth, ACTION: "send", ORIGINATOR: "Acme", RECIPIENTMESSAGES: JSON.stringify(batch) }))).toBe("0");
    const logged = await messagesOf(tenant, s.id);
    expect(logged.map((m) => [m.body, m.reference])).toEqual([["one", "NUMBER_1"], ["two", null]]);
    expect(new Set(logged.map((m) => m.transferId)).size).toBe(1);
  });

  it("refuses with SMS Central's code and text, HTTP 200, and charges and logs nothing", async () => {
    const tenant = await funded();
    const s = await sender(tenant);
    const poor = await sender(tenant, 0n);
    const ok = { ...s.auth, ACTION: "send", RECIPIENT: CY, MESSAGE_TEXT: "hi" };
    const cases: [Promise<Response>, RegExp][] = [
      [form({ ...ok, PASSWORD: "wrong password" }), code("AUTHENTICATION_FAILED")],
      [form({ ACTION: "send", RECIPIENT: CY, MESSAGE_TEXT: "hi" }), code("AUTHENTICATION_FAILED")],
      [form({ ...ok, RECIPIENT: "" }), code("NO_RECIPIENT")],
      [form({ ...ok, MESSAGE_TEXT: "  " }), code("NO_MESSAGE")],
      [form({ ...ok, RECIPIENT: "12" }), code("INVALID_RECIPIENT")],
      [form({ ...ok, ORIGINATOR: "Not a valid sender!" }), code("INVALID_ORIGINATOR")],
      [form({ ...poor.auth, ACTION: "send", RECIPIENT: CY, MESSAGE_TEXT: "hi" }), code("INSUFFICIENT_CREDIT")],
      [form({ ...ok, RECIPIENTMESSAGES: "[{" }), code("INVALID_REQUEST")],
      [form({ ...ok, RECIPIENTMESSAGES: JSON.stringify(Array.from({ length: 101 }, () => ({ RECIPIENT: CY, MESSAGE_TEXT: "x" }))) }), code("INVALID_REQUEST")],
      // one bad number refuses the whole batch
      [form({ ...ok, RECIPIENTMESSAGES: JSON.stringify([{ RECIPIENT: CY, MESSAGE_TEXT: "a" }, { RECIPIENT: "nope", MESSAGE_TEXT: "b" }]) }), code("INVALID_RECIPIENT")],
      [form({ ...ok, RECIPIENTMESSAGES: JSON.stringify([{ RECIPIENT: CY, MESSAGE_TEXT: "a", REFERENCE: "r" }, { RECIPIENT: CY, MESSAGE_TEXT: "b", REFERENCE: "r" }]) }), code("DUPLICATE_REFERENCE")],
      [form({ ...ok, CAMPAIGN: "c".repeat(101) }), code("INVALID_REQUEST")],
      [form({ ...ok, REFERENCE: "r".repeat(101) }), code("INVALID_REQUEST")],
      [form({ ...ok, SCHEDULE: "2030-01-01 10:00:00" }), code("INVALID_SCHEDULE")],
      [form({ ...ok, SCHEDULE: "2020-01-01 10:00:00" }), code("INVALID_SCHEDULE")],
      [form({ ...ok, SCHEDULE: "2027-02-30 10:00:00" }), code("INVALID_SCHEDULE")],
      [form({ ...ok, SCHEDULE: "tomorrow at nine" }), code("INVALID_SCHEDULE")],
      [form({ ...ok, ACTION: "fly" }), code("INVALID_REQUEST")],
      [api.POST(new Request(BASE, { method: "POST", headers: { "content-type": "application/json" }, body: "{" })), code("INVALID_REQUEST")],
    ];
    for (const [pending, expected] of cases) {
      const text = await body(pending);
      expect(text).toMatch(expected);
      expect(text).not.toMatch(/\n/);
    }
    expect(await messagesOf(tenant, s.id)).toEqual([]);
    expect(await messagesOf(tenant, poor.id)).toEqual([]);
    expect(await balanceOf(tenant, s.id)).toBe(10_000_000n);
    expect(await prisma.scheduledSend.count({ where: { tenantId: tenant.tenantId } })).toBe(0);
  });

  it("keeps a send with SCHEDULE (Sydney time unless it has an offset) until then, answering 0, single and bulk", async () => {
    const tenant = await funded();
    const s = await sender(tenant);
    // a wall-clock time in Sydney, two days ahead (the clock and the offset change with DST: Intl gives both)
    const at = new Date(Date.now() + 2 * 86_400_000);
    at.setUTCSeconds(0, 0);
    const sydney = new Intl.DateTimeFormat("sv-SE", { timeZone: "Australia/Sydney", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit", hour12: false }).format(at);
    expect(await body(form({ ...s.auth, ACTION: "send", RECIPIENT: CY, MESSAGE_TEXT: "later", SCHEDULE: sydney, REFERENCE: "sched-1" }))).toBe("0");
    // C2's sendBulk: RECIPIENTMESSAGES with SCHEDULE, multipart
    const batch = [{ RECIPIENT: CY, MESSAGE_TEXT: "one" }, { RECIPIENT: "35799123457", MESSAGE_TEXT: "two" }];
    expect(await body(multipart({ ...s.auth, ACTION: "send", ORIGINATOR: "Acme", RECIPIENTMESSAGES: JSON.stringify(batch), SCHEDULE: "2027-06-01T08:00:00Z" }))).toBe("0");
    const scheduled = await prisma.scheduledSend.findMany({ where: { tenantId: tenant.tenantId, accountId: s.id }, orderBy: { scheduledAt: "asc" }, include: { messages: { orderBy: { ord: "asc" } } } });
    expect(scheduled.map((x) => [x.scheduledAt.toISOString(), x.status, x.messageCount, x.senderId])).toEqual([
      [at.toISOString(), "scheduled", 1, "Subledger"],
      ["2027-06-01T08:00:00.000Z", "scheduled", 2, "Acme"],
    ]);
    expect(scheduled[0].messages.map((m) => m.reference)).toEqual(["sched-1"]);
    // nothing charged or logged yet; the waiting reference is taken
    expect(await messagesOf(tenant, s.id)).toEqual([]);
    expect(await balanceOf(tenant, s.id)).toBe(10_000_000n);
    expect(await body(form({ ...s.auth, ACTION: "send", RECIPIENT: CY, MESSAGE_TEXT: "now", REFERENCE: "sched-1" }))).toMatch(code("DUPLICATE_REFERENCE"));
    // a SCHEDULE that has just passed sends at once
    const justNow = new Intl.DateTimeFormat("sv-SE", { timeZone: "Australia/Sydney", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit", hour12: false }).format(new Date(Date.now() - 60_000));
    expect(await body(form({ ...s.auth, ACTION: "send", RECIPIENT: CY, MESSAGE_TEXT: "now", SCHEDULE: justNow }))).toBe("0");
    expect((await messagesOf(tenant, s.id)).map((m) => m.body)).toEqual(["now"]);
  });

  it("refuses a REFERENCE the account used before with 513, and a reuse raced 10 times sends one message", async () => {
    const tenant = await funded();
    const s = await sender(tenant);
    const send = (reference: string) => form({ ...s.auth, ACTION: "send", RECIPIENT: CY, MESSAGE_TEXT: "once", REFERENCE: reference });
    expect(await body(send("inv-7"))).toBe("0");
    expect(await body(send("inv-7"))).toMatch(code("DUPLICATE_REFERENCE"));
    // another account may use the same reference
    const other = await sender(tenant);
    expect(await body(form({ ...other.auth, ACTION: "send", RECIPIENT: CY, MESSAGE_TEXT: "mine", REFERENCE: "inv-7" }))).toBe("0");

    const replies = await Promise.all(Array.from({ length: 10 }, () => body(send("race-1"))));
    expect(replies.filter((r) => r === "0")).toHaveLength(1);
    expect(replies.filter((r) => code("DUPLICATE_REFERENCE").test(r))).toHaveLength(9);
    expect(await prisma.message.count({ where: { tenantId: tenant.tenantId, accountId: s.id, reference: "race-1" } })).toBe(1);
    expect(await balanceOf(tenant, s.id)).toBe(10_000_000n - 2n * CY_PRICE);
  });
});

describe("ACTION=balance", () => {
  it("answers the balance that pays in <balance>, to the cent; a postpaid member shows its prepaid parent's", async () => {
    const tenant = await funded();
    const s = await sender(tenant, 12_345_678n);
    expect(await body(form({ ...s.auth, ACTION: "balance" }))).toBe("<balance>12.35</balance>");
    expect(await body(get({ ...s.auth, ACTION: "balance" }))).toBe("<balance>12.35</balance>");
    // C6 asks in lower case
    expect(await body(get({ action: "balance", username: s.auth.USERNAME, password: TEST_PASSWORD }))).toBe("<balance>12.35</balance>");

    const postpaid = await makeChild(tenant, { parentId: s.id, paymentModel: "postpaid", invoicingAccountId: s.id });
    const username = `pp-${randomUUID()}@test.local`;
    await createUserWithMembership(prisma, { tenantId: tenant.tenantId, accountId: postpaid.id, email: username, name: "PP", passwordHash: await hashPassword(TEST_PASSWORD), role: "owner" });
    expect(await body(form({ USERNAME: username, PASSWORD: TEST_PASSWORD, ACTION: "balance" }))).toBe("<balance>12.35</balance>");
  });

  it("answers an error as XML with errorcode and errormessage", async () => {
    expect(await body(form({ USERNAME: "nobody@test.local", PASSWORD: "x", ACTION: "balance" }))).toBe(
      "<error><errorcode>511</errorcode><errormessage>Invalid username or password.</errormessage></error>",
    );
  });

  it("writes two decimals, rounded half away from zero", () => {
    expect([0n, 4_999n, 5_000n, 1_234_567_890n, -5_000n, -4_999n, -12_345_678n].map(balanceText)).toEqual(["0.00", "0.00", "0.01", "1234.57", "-0.01", "0.00", "-12.35"]);
  });
});
