// The delivery-receipt URL setting through both of its doors: the overview's server actions (a signed-in owner,
// admin or viewer) and the native API's account update. Set, edit (the password kept when left out), clear;
// bad input refused with nothing written; every change audited; and the password never in any output: action
// replies, API replies, the page's data, the team rows, the audit log and its CSV.
import { randomUUID } from "node:crypto";
import { afterAll, beforeEach, describe, expect, it, vi } from "vitest";
import { prisma } from "@/lib/db/client";
import { hashPassword } from "@/lib/auth/password";
import type { Role } from "@/lib/db/generated/enums";
import { stopQueue } from "@/lib/jobs/boss";
import { getAccountRow, listMembers } from "@/lib/domain/members/queries";
import { createUserWithMembership } from "@/lib/domain/users/internal";
import { apiRequest, keyOf, routeParams } from "@/lib/testing/api-requests";
import { makeChild, makeTenant, TEST_PASSWORD, type TestTenant } from "@/lib/testing/factories";
import * as accountRoute from "@/app/api/v1/accounts/[id]/route";
import * as auditExport from "@/app/(dashboard)/accounts/[accountId]/audit/export/route";
import { removeDeliveryReceiptUrlAction, setDeliveryReceiptUrlAction } from "@/app/(dashboard)/accounts/[accountId]/receipt-actions";
import { findDeliveryReceiptUrl } from "./delivery-receipt-queries";
import { openReceiptPassword } from "./receipt-password";

// the session a server action sees (the signed-in user's id, as next-auth's JWT carries it); outside a Next request
// there is no cache to revalidate
const session = vi.hoisted(() => ({ userId: null as number | null }));
vi.mock("@/lib/auth/auth", () => ({ auth: async () => (session.userId === null ? null : { user: { id: String(session.userId) } }) }));
vi.mock("next/cache", async (importOriginal) => ({ ...(await importOriginal<typeof import("next/cache")>()), revalidatePath: () => {}, revalidateTag: () => {} }));

process.env.AUTH_SECRET ??= "delivery-receipt-url-db-test-secret";
const PASSWORD = "pa55-Wörd&=?";

afterAll(() => stopQueue());
beforeEach(() => {
  session.userId = null;
});

async function userOn(tenant: TestTenant, accountId: number, role: Role) {
  return createUserWithMembership(prisma, { tenantId: tenant.tenantId, accountId, email: `u-${randomUUID()}@test.local`, name: `A ${role}`, passwordHash: await hashPassword(TEST_PASSWORD), role });
}

const stored = (tenant: TestTenant, accountId: number) =>
  prisma.deliveryReceiptUrl.findUnique({ where: { tenantId_accountId: { tenantId: tenant.tenantId, accountId } } });

const auditOf = (tenant: TestTenant, accountId: number) =>
  prisma.auditEvent.findMany({
    where: { tenantId: tenant.tenantId, accountId, action: { startsWith: "delivery_receipt" } },
    orderBy: { id: "asc" },
    select: { action: true, actorUserId: true, actorApiKeyId: true, before: true, after: true, detail: true },
  });

const text = (value: unknown) => JSON.stringify(value, (_, v: unknown) => (typeof v === "bigint" ? v.toString() : v));

/** Everything the people and programs who read the setting are shown, as one text. */
async function everythingShown(tenant: TestTenant, accountId: number, key: string) {
  const parts = [
    text(await findDeliveryReceiptUrl(tenant.owner, accountId)),
    text(await getAccountRow(tenant.owner, accountId)),
    text(await listMembers(tenant.owner, tenant.masterAccountId, { page: 1, pageSize: 50, sort: "name", q: "", status: "open", payment: "any", expand: [] })),
    await (await accountRoute.GET(apiRequest(`/api/v1/accounts/${accountId}`, key), routeParams({ id: String(accountId) }))).text(),
    text(await prisma.auditEvent.findMany({ where: { tenantId: tenant.tenantId } })),
  ];
  session.userId = tenant.owner.actor.type === "user" ? tenant.owner.actor.userId : null;
  const csv = await auditExport.GET(new Request(`http://subledger.test/accounts/${accountId}/audit/export`), { params: Promise.resolve({ accountId: String(accountId) }) });
  expect(csv.status).toBe(200);
  parts.push(await csv.text());
  return parts.join("\n");
}

describe("the overview's delivery-receipt actions", () => {
  it("set, edit and clear the URL for owners and admins of the subtree, audited, the password sealed and never shown", async () => {
    const tenant = await makeTenant();
    const member = await makeChild(tenant);
    const admin = await userOn(tenant, tenant.masterAccountId, "admin");
    const viewer = await userOn(tenant, member.id, "viewer");
    const key = await keyOf(tenant, tenant.masterAccountId);

    session.userId = admin.id;
    const set = await setDeliveryReceiptUrlAction({ accountId: member.id, url: " https://receipts.example/in?token=1 ", userName: "acme", password: PASSWORD });
    expect(set).toEqual({ ok: true, data: { accountId: member.id, url: "https://receipts.example/in?token=1", userName: "acme", hasPassword: true } });
    const row = await stored(tenant, member.id);
    expect(row).toMatchObject({ url: "https://receipts.example/in?token=1", userName: "acme" });
    expect(row!.passwordSealed).not.toContain(PASSWORD);
    expect(openReceiptPassword(row!.passwordSealed!)).toBe(PASSWORD);

    // an edit without a password keeps the stored one; a new password replaces it (audited without it)
    expect(await setDeliveryReceiptUrlAction({ accountId: member.id, url: "https://receipts.example/v2", userName: "acme", password: "" })).toMatchObject({ ok: true, data: { hasPassword: true } });
    expect((await stored(tenant, member.id))!.passwordSealed).toBe(row!.passwordSealed);
    expect(await setDeliveryReceiptUrlAction({ accountId: member.id, url: "https://receipts.example/v2", userName: "acme", password: "another one" })).toMatchObject({ ok: true });
    expect(openReceiptPassword((await stored(tenant, member.id))!.passwordSealed!)).toBe("another one");
    // its own account too (a master has nobody above it to set it)
    expect(await setDeliveryReceiptUrlAction({ accountId: tenant.masterAccountId, url: "http://receipts.example/master", userName: null })).toMatchObject({ ok: true, data: { hasPassword: false } });

    const shown = await everythingShown(tenant, member.id, key.plaintext);
    expect(shown).toContain("https://receipts.example/v2");
    expect(shown).not.toContain(PASSWORD);
    expect(shown).not.toContain("another one");

    // a removed user name takes the password with it
    session.userId = admin.id;
    expect(await setDeliveryReceiptUrlAction({ accountId: member.id, url: "https://receipts.example/v2", userName: "" })).toMatchObject({ ok: true, data: { userName: null, hasPassword: false } });
    expect(await stored(tenant, member.id)).toMatchObject({ userName: null, passwordSealed: null });

    expect(await removeDeliveryReceiptUrlAction({ accountId: member.id })).toEqual({ ok: true, data: { removed: true } });
    expect(await stored(tenant, member.id)).toBeNull();
    expect(await removeDeliveryReceiptUrlAction({ accountId: member.id })).toEqual({ ok: true, data: { removed: false } });

    expect(await auditOf(tenant, member.id)).toEqual([
      { action: "delivery_receipt_url_set", actorUserId: admin.id, actorApiKeyId: null, before: null, after: { url: "https://receipts.example/in?token=1", user_name: "acme", has_password: true }, detail: null },
      { action: "delivery_receipt_url_set", actorUserId: admin.id, actorApiKeyId: null, before: { url: "https://receipts.example/in?token=1" }, after: { url: "https://receipts.example/v2" }, detail: null },
      { action: "delivery_receipt_url_set", actorUserId: admin.id, actorApiKeyId: null, before: null, after: null, detail: "password replaced" },
      { action: "delivery_receipt_url_set", actorUserId: admin.id, actorApiKeyId: null, before: { user_name: "acme", has_password: true }, after: { user_name: null, has_password: false }, detail: null },
      { action: "delivery_receipt_url_removed", actorUserId: admin.id, actorApiKeyId: null, before: { url: "https://receipts.example/v2", user_name: null, has_password: false }, after: null, detail: null },
    ]);

    // a viewer reads but does not change it
    session.userId = viewer.id;
    expect(await setDeliveryReceiptUrlAction({ accountId: member.id, url: "https://receipts.example/viewer", userName: null })).toMatchObject({ ok: false, code: "forbidden" });
    expect(await stored(tenant, member.id)).toBeNull();
  });

  it("refuses a bad URL or a password without a user name, and writes nothing", async () => {
    const tenant = await makeTenant();
    const member = await makeChild(tenant);
    session.userId = tenant.owner.actor.type === "user" ? tenant.owner.actor.userId : null;
    await setDeliveryReceiptUrlAction({ accountId: member.id, url: "https://receipts.example/kept", userName: "keep", password: PASSWORD });
    const before = await stored(tenant, member.id);
    const auditBefore = await auditOf(tenant, member.id);
    for (const url of ["", "receipts.example/in", "ftp://receipts.example/in", "javascript:alert(1)", "https://user:pw@receipts.example/in", `https://receipts.example/${"x".repeat(2000)}`]) {
      const result = await setDeliveryReceiptUrlAction({ accountId: member.id, url, userName: null });
      expect(result, url).toMatchObject({ ok: false, fieldErrors: { url: [expect.any(String)] } });
    }
    expect(await setDeliveryReceiptUrlAction({ accountId: member.id, url: "https://receipts.example/new", userName: "", password: "orphan" })).toMatchObject({ ok: false, fieldErrors: { userName: [expect.any(String)] } });
    expect(await stored(tenant, member.id)).toEqual(before);
    expect(await auditOf(tenant, member.id)).toEqual(auditBefore);
  });
});

describe("PATCH /api/v1/accounts/{id} delivery_receipt", () => {
  const patch = (key: string, id: number, body: unknown) =>
    accountRoute.PATCH(apiRequest(`/api/v1/accounts/${id}`, key, { method: "PATCH", body }), routeParams({ id: String(id) }));

  it("sets, keeps the password, and clears the URL (the key's own account too), audited, never returning the password", async () => {
    const tenant = await makeTenant();
    const member = await makeChild(tenant);
    const parentKey = await keyOf(tenant, tenant.masterAccountId);
    const ownKey = await keyOf(tenant, member.id);

    const res = await patch(ownKey.plaintext, member.id, { delivery_receipt: { url: "https://receipts.example/api", user_name: "api", password: PASSWORD } });
    const text = await res.text();
    expect(res.status, text).toBe(200);
    expect(text).not.toContain(PASSWORD);
    expect(JSON.parse(text).delivery_receipt).toEqual({ url: "https://receipts.example/api", user_name: "api", has_password: true });
    expect(openReceiptPassword((await stored(tenant, member.id))!.passwordSealed!)).toBe(PASSWORD);

    // with member fields (only below the key's own account) and without a password: it is kept
    const both = await patch(parentKey.plaintext, member.id, { monthly_limit: 500, delivery_receipt: { url: "https://receipts.example/api2", user_name: "api" } });
    expect(both.status).toBe(200);
    expect(await both.json()).toMatchObject({ monthly_limit: 500, delivery_receipt: { url: "https://receipts.example/api2", user_name: "api", has_password: true } });
    // the member fields are refused on the key's own account, and then nothing of the request is written
    const own = await patch(ownKey.plaintext, member.id, { monthly_limit: 1, delivery_receipt: { url: "https://receipts.example/never" } });
    expect(own.status).toBe(404);
    expect((await stored(tenant, member.id))!.url).toBe("https://receipts.example/api2");

    const cleared = await patch(parentKey.plaintext, member.id, { delivery_receipt: null });
    expect(cleared.status).toBe(200);
    expect((await cleared.json()).delivery_receipt).toBeNull();
    expect(await stored(tenant, member.id)).toBeNull();

    const audit = await auditOf(tenant, member.id);
    expect(audit.map((a) => [a.action, a.actorApiKeyId])).toEqual([
      ["delivery_receipt_url_set", ownKey.id],
      ["delivery_receipt_url_set", parentKey.id],
      ["delivery_receipt_url_removed", parentKey.id],
    ]);
    expect(JSON.stringify(audit)).not.toContain(PASSWORD);
  });

  it("refuses a bad URL with 422 in wire names, and writes nothing", async () => {
    const tenant = await makeTenant();
    const member = await makeChild(tenant);
    const key = await keyOf(tenant, tenant.masterAccountId);
    for (const receipt of [{ url: "ftp://x.example" }, { url: "not a url" }, { url: "https://receipts.example", password: "no user" }, { user_name: "no url" }, "https://receipts.example"]) {
      const res = await patch(key.plaintext, member.id, { name: "Renamed", delivery_receipt: receipt });
      const body = await res.json();
      expect(res.status, JSON.stringify(receipt)).toBe(422);
      expect(Object.keys(body.error.details ?? {}).some((k) => k.startsWith("delivery_receipt")), JSON.stringify(body)).toBe(true);
    }
    expect(await stored(tenant, member.id)).toBeNull();
    expect((await getAccountRow(tenant.owner, member.id)).name).not.toBe("Renamed");
    expect(await auditOf(tenant, member.id)).toEqual([]);
  });
});
