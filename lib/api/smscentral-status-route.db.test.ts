// SMS Central's status query (reference-smscentral §4) on its one URL, called as Next calls the route against the
// real database: by RECIPIENT (the 10 latest messages of this UTC month per number) and by REFERENCE, every path
// form and body encoding, SMS Central's status and RESULT words, XML escaping, the limits, the sign-in, and only
// the user's own account's messages.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/client";
import { hashPassword } from "@/lib/auth/password";
import { setMessageStatuses } from "@/lib/domain/messaging/delivery";
import { createUserWithMembership } from "@/lib/domain/users/internal";
import { sendAt } from "@/lib/testing/backdated-messages";
import { credit, fundMaster, makeChild, makeTenant, TEST_PASSWORD, type TestTenant } from "@/lib/testing/factories";
import * as api from "@/app/api/v3.2/route";
import * as wrapper from "@/app/wrapper/sms/route";

const BASE = "http://subledger.test/api/v3.2";
const CY = "35799123456";
const CY2 = "35799123457";

type Params = Record<string, string>;
const form = (params: Params, handler = api.POST) =>
  handler(new Request(BASE, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams(params).toString() }));
const json = (params: Record<string, unknown>) =>
  api.POST(new Request(BASE, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(params) }));
const multipart = (params: Params) => {
  const body = new FormData();
  for (const [k, v] of Object.entries(params)) body.append(k, v);
  return api.POST(new Request(BASE, { method: "POST", body }));
};
const get = (params: Params) => api.GET(new Request(`${BASE}/?${new URLSearchParams(params)}`));

const body = async (pending: Promise<Response>) => {
  const res = await pending;
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toMatch(/^application\/xml/);
  return res.text();
};

type Parsed = { id: string; reference: string; recipient: string; originator: string; campaign: string; status: string; result: string; datestamp: string };
const unescape = (s: string) => s.replace(/&(lt|gt|quot|apos|amp);/g, (_, e: string) => ({ lt: "<", gt: ">", quot: '"', apos: "'", amp: "&" })[e]!);
/** The <message> elements of a reply, strictly: the reply must be exactly <messages>(<message>…</message>)*</messages>. */
function messagesOf(xml: string): Parsed[] {
  expect(xml).toMatch(/^<messages>(<message>.*?<\/message>)*<\/messages>$/);
  return [...xml.matchAll(/<message>(.*?)<\/message>/g)].map(([, inner]) => {
    const fields = [...inner.matchAll(/<(\w+)>([^<]*)<\/\1>/g)].map(([, name, value]) => [name, unescape(value)]);
    expect(fields.map(([name]) => name)).toEqual(["id", "reference", "recipient", "originator", "campaign", "status", "result", "datestamp"]);
    return Object.fromEntries(fields) as Parsed;
  });
}

const errorOf = (code: number) => new RegExp(`^<error><errorcode>${code}</errorcode><errormessage>[^<]+</errormessage></error>$`);

async function funded() {
  const tenant = await makeTenant();
  await fundMaster(tenant, 1_000_000_000n);
  return tenant;
}

/** An account with a user of its own (an owner of it), funded by its parent. */
async function sender(tenant: TestTenant, parentId?: number) {
  const member = await makeChild(tenant, parentId === undefined ? { isPartner: true } : { isPartner: true, parentId });
  const username = `status-${randomUUID()}@test.local`;
  await createUserWithMembership(prisma, { tenantId: tenant.tenantId, accountId: member.id, email: username, name: "Sender", passwordHash: await hashPassword(TEST_PASSWORD), role: "owner" });
  // from its parent: a child's parent is a sender funded here first
  await credit(tenant, member.id, parentId === undefined ? 100_000_000n : 10_000_000n);
  return { id: member.id, auth: { USERNAME: username, PASSWORD: TEST_PASSWORD } };
}

async function send(s: { auth: Params }, params: Params) {
  expect(await (await form({ ...s.auth, ACTION: "send", ORIGINATOR: "Acme", MESSAGE_TEXT: "hi", ...params })).text()).toBe("0");
}

describe("ACTION=status", () => {
  it("by RECIPIENT: the 10 latest messages of this UTC month per number, newest first, in the order asked, with SMS Central's words", async () => {
    const tenant = await funded();
    const s = await sender(tenant);
    const lastMonth = new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), 0, 12)).toISOString();
    await sendAt(tenant, s.id, lastMonth, "CY");
    await send(s, { RECIPIENT: CY2, REFERENCE: "to-cy2", CAMPAIGN: "Spring" });
    for (let i = 1; i <= 11; i++) await send(s, { RECIPIENT: CY, REFERENCE: `cy-${i}` });
    const ids = async (reference: string) => (await prisma.message.findFirstOrThrow({ where: { tenantId: tenant.tenantId, accountId: s.id, reference } })).id;
    await setMessageStatuses(tenant.tenantId, [
      { messageId: await ids("cy-11"), status: "delivered" },
      { messageId: await ids("cy-10"), status: "failed", errorCode: "undeliverable", detail: "gone" },
      { messageId: await ids("cy-9"), status: "sent" },
    ]);

    const rows = messagesOf(await body(form({ ...s.auth, ACTION: "status", RECIPIENT: `${CY}, +${CY2}` })));
    expect(rows.map((r) => r.reference)).toEqual(["cy-11", "cy-10", "cy-9", "cy-8", "cy-7", "cy-6", "cy-5", "cy-4", "cy-3", "cy-2", "to-cy2"]);
    expect(rows.slice(0, 4).map((r) => [r.status, r.result])).toEqual([["DELIVRD", "1"], ["FAILED", "550"], ["BUFFRED", "0"], ["QUEUED", "0"]]);
    const message = await prisma.message.findFirstOrThrow({ where: { tenantId: tenant.tenantId, accountId: s.id, reference: "to-cy2" } });
    expect(rows[10]).toEqual({
      id: String(message.id),
      reference: "to-cy2",
      recipient: CY2,
      originator: "Acme",
      campaign: "Spring",
      status: "QUEUED",
      result: "0",
      datestamp: message.createdAt.toISOString().slice(0, 19).replace("T", " "),
    });
    expect(rows.every((r) => /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(r.datestamp) && r.campaign === (r.reference === "to-cy2" ? "Spring" : ""))).toBe(true);

    // the same through every path form and encoding, and the alias dlr
    const expected = messagesOf(await body(get({ ...s.auth, ACTION: "status", RECIPIENT: CY2 })));
    expect(expected).toHaveLength(1);
    for (const reply of [
      form({ ...s.auth, ACTION: "status", RECIPIENT: CY2 }, wrapper.POST),
      multipart({ ...s.auth, ACTION: "status", RECIPIENT: CY2 }),
      json({ ...s.auth, ACTION: "status", RECIPIENT: [CY2] }),
      form({ username: s.auth.USERNAME, password: TEST_PASSWORD, action: "STATUS", recipient: CY2 }),
      form({ ...s.auth, ACTION: "dlr", RECIPIENT: CY2 }),
    ]) {
      expect(messagesOf(await body(reply))).toEqual(expected);
    }
    // a number without messages: an empty list
    expect(await body(form({ ...s.auth, ACTION: "status", RECIPIENT: "4915123456789" }))).toBe("<messages></messages>");
  });

  it("by REFERENCE: the messages asked for, in that order, XML-escaped; unknown ones absent", async () => {
    const tenant = await funded();
    const s = await sender(tenant);
    const odd = `a<b>&"c'`;
    await send(s, { RECIPIENT: CY, REFERENCE: "first", CAMPAIGN: "<Sale & more>" });
    await send(s, { RECIPIENT: CY2, REFERENCE: odd, ORIGINATOR: "Acme" });
    const xml = await body(form({ ...s.auth, ACTION: "status", REFERENCE: `${odd},nope,first` }));
    expect(xml).toContain("<reference>a&lt;b&gt;&amp;&quot;c&apos;</reference>");
    expect(xml).toContain("<campaign>&lt;Sale &amp; more&gt;</campaign>");
    const rows = messagesOf(xml);
    expect(rows.map((r) => [r.reference, r.recipient, r.campaign])).toEqual([[odd, CY2, ""], ["first", CY, "<Sale & more>"]]);
    expect(messagesOf(await body(json({ ...s.auth, ACTION: "status", REFERENCE: ["first"] }))).map((r) => r.reference)).toEqual(["first"]);
  });

  it("refuses over 10 recipients or 100 references, neither or both, and a bad number, as balance does: <error> with the code", async () => {
    const tenant = await funded();
    const s = await sender(tenant);
    const status = (params: Params) => body(form({ ...s.auth, ACTION: "status", ...params }));
    const numbers = Array.from({ length: 11 }, (_, i) => `3579912345${i % 10}${i >= 10 ? "1" : ""}`);
    expect(await status({ RECIPIENT: numbers.slice(0, 10).join(",") })).toBe("<messages></messages>");
    expect(await status({ RECIPIENT: numbers.join(",") })).toMatch(errorOf(510));
    const references = Array.from({ length: 101 }, (_, i) => `r${i}`);
    expect(await status({ REFERENCE: references.slice(0, 100).join(",") })).toBe("<messages></messages>");
    expect(await status({ REFERENCE: references.join(",") })).toMatch(errorOf(510));
    expect(await status({})).toMatch(errorOf(514));
    expect(await status({ RECIPIENT: " , " })).toMatch(errorOf(514));
    expect(await status({ RECIPIENT: CY, REFERENCE: "x" })).toMatch(errorOf(510));
    expect(await status({ RECIPIENT: "12" })).toMatch(errorOf(525));
  });

  it("answers a bad sign-in with 511 and shows nothing", async () => {
    const tenant = await funded();
    const s = await sender(tenant);
    await send(s, { RECIPIENT: CY, REFERENCE: "secret" });
    expect(await body(form({ ...s.auth, PASSWORD: "wrong password", ACTION: "status", REFERENCE: "secret" }))).toBe(
      "<error><errorcode>511</errorcode><errormessage>Invalid username or password.</errormessage></error>",
    );
    expect(await body(form({ ACTION: "status", REFERENCE: "secret" }))).toMatch(errorOf(511));
    expect(await body(get({ USERNAME: "nobody@test.local", PASSWORD: "x", ACTION: "dlr", RECIPIENT: CY }))).toMatch(errorOf(511));
  });

  it("shows only the user's own account: not a sibling's, a child's, a parent's or another tenant's, even by the same reference", async () => {
    const tenant = await funded();
    const parent = await sender(tenant);
    const child = await sender(tenant, parent.id);
    const sibling = await sender(tenant);
    const foreignTenant = await funded();
    const foreign = await sender(foreignTenant);
    await send(parent, { RECIPIENT: CY, REFERENCE: "shared" });
    await send(child, { RECIPIENT: CY, REFERENCE: "shared" });
    await send(child, { RECIPIENT: CY, REFERENCE: "child-only" });
    await send(sibling, { RECIPIENT: CY, REFERENCE: "sibling-only" });
    await send(foreign, { RECIPIENT: CY, REFERENCE: "foreign-only" });

    const refs = "shared,child-only,sibling-only,foreign-only";
    const seen = async (s: { id: number; auth: Params }, params: Params) => {
      const rows = messagesOf(await body(form({ ...s.auth, ACTION: "status", ...params })));
      const owners = await prisma.message.findMany({ where: { id: { in: rows.map((r) => BigInt(r.id)) } }, select: { accountId: true } });
      expect(owners.every((o) => o.accountId === s.id)).toBe(true);
      return rows.map((r) => r.reference);
    };
    expect(await seen(parent, { REFERENCE: refs })).toEqual(["shared"]);
    expect(await seen(child, { REFERENCE: refs })).toEqual(["shared", "child-only"]);
    expect(await seen(sibling, { REFERENCE: refs })).toEqual(["sibling-only"]);
    expect(await seen(foreign, { REFERENCE: refs })).toEqual(["foreign-only"]);
    expect(await seen(parent, { RECIPIENT: CY })).toEqual(["shared"]);
    expect(await seen(sibling, { RECIPIENT: CY })).toEqual(["sibling-only"]);
  });
});
