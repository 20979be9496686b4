// SMS Central's account create (seeds/smscentral-create-subaccount.txt), called as Next calls the route
// (a Request in, a Response out) against the real database: the three ways parameters arrive, the tree rules,
// and one documented error code per refusal, with nothing created.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/client";
import type { Role } from "@/lib/db/generated/enums";
import { hashPassword } from "@/lib/auth/password";
import { expectSmscentralError } from "@/lib/testing/api-requests";
import { suspendMember } from "@/lib/domain/members/suspend-member";
import { createUserWithMembership } from "@/lib/domain/users/internal";
import { makeChild, makeTenant, TEST_PASSWORD, type TestTenant } from "@/lib/testing/factories";
import * as route from "@/app/api/v3.2/account/create/route";

const URL_BASE = "http://subledger.test/api/v3.2/account/create";

type Params = Record<string, string>;

function formPost(params: Params, contentType = "application/x-www-form-urlencoded") {
  return route.POST(new Request(URL_BASE, { method: "POST", headers: { "content-type": contentType }, body: new URLSearchParams(params).toString() }));
}
function jsonPost(body: unknown) {
  return route.POST(new Request(URL_BASE, { method: "POST", headers: { "content-type": "application/json" }, body: typeof body === "string" ? body : JSON.stringify(body) }));
}
function get(params: Params) {
  return route.GET(new Request(`${URL_BASE}?${new URLSearchParams(params)}`));
}

async function read(pending: Promise<Response>) {
  const res = await pending;
  return { status: res.status, body: await res.json() };
}

/** The caller's sign-in and an ACCOUNT JSON string. */
const params = (who: { email: string }, account: Record<string, unknown>, password = TEST_PASSWORD): Params => ({
  USERNAME: who.email,
  PASSWORD: password,
  ACCOUNT: JSON.stringify(account),
});

const owner = (tenant: TestTenant) => ({ email: tenant.ownerEmail });

/** A user with `role` on `accountId`, signing in with TEST_PASSWORD. */
async function userOn(tenant: TestTenant, accountId: number, role: Role) {
  const email = `u-${randomUUID()}@test.local`;
  await createUserWithMembership(prisma, { tenantId: tenant.tenantId, accountId, email, name: `A ${role}`, passwordHash: await hashPassword(TEST_PASSWORD), role });
  return { email };
}

const accountRow = (tenant: TestTenant, id: number) => prisma.account.findUniqueOrThrow({ where: { tenantId_id: { tenantId: tenant.tenantId, id } } });
const accountCount = (tenant: TestTenant) => prisma.account.count({ where: { tenantId: tenant.tenantId } });

/** Expects the named error: its documented code and status, a description, and the `error` shape. */
const expectError = expectSmscentralError;

describe("SMS Central account create: success", () => {
  it("creates a prepaid sub-account under the caller's account from a form POST, and answers {account: {name, ID}}", async () => {
    const tenant = await makeTenant();
    const { status, body } = await read(formPost(params(owner(tenant), { ACCOUNTNAME: "Nicosia Branch", PAYMENTMODEL: "prepaid" })));
    expect(status).toBe(200);
    expect(Object.keys(body)).toEqual(["account"]);
    expect(body.account).toEqual({ name: "Nicosia Branch", ID: expect.any(Number) });
    expect(await accountRow(tenant, body.account.ID)).toMatchObject({
      parentId: tenant.masterAccountId, depth: 1, name: "Nicosia Branch", paymentModel: "prepaid", invoicingAccountId: null,
      monthlyVolumeLimit: null, isPartner: true, status: "active", balance: 0n, currency: "EUR",
    });
    // no sign-in and no key come with it: SMS Central adds users separately
    expect(await prisma.membership.count({ where: { tenantId: tenant.tenantId, accountId: body.account.ID } })).toBe(0);
    expect(await prisma.apiKey.count({ where: { tenantId: tenant.tenantId, accountId: body.account.ID } })).toBe(0);
  });

  it("builds a multi-level tree from IDs it answered, with postpaid invoicing to itself or an ancestor and a monthly limit", async () => {
    const tenant = await makeTenant();
    const top = (await read(formPost(params(owner(tenant), { ACCOUNTNAME: "Region", PAYMENTMODEL: "prepaid" })))).body.account.ID;
    const middle = (await read(formPost(params(owner(tenant), { ACCOUNTNAME: "Store", PARENTACCOUNT: top, PAYMENTMODEL: "postpaid" })))).body.account.ID;
    const bottom = (await read(formPost(params(owner(tenant), {
      ACCOUNTNAME: "Till 1", PARENTACCOUNT: middle, PAYMENTMODEL: "postpaid", INVOICINGACCOUNT: top, MONTHLYVOLUMELIMIT: 5000,
    })))).body.account.ID;
    expect(await accountRow(tenant, middle)).toMatchObject({ parentId: top, depth: 2, paymentModel: "postpaid", invoicingAccountId: middle });
    expect(await accountRow(tenant, bottom)).toMatchObject({
      parentId: middle, depth: 3, path: [tenant.masterAccountId, top, middle, bottom], invoicingAccountId: top, monthlyVolumeLimit: 5000,
    });
    // the master itself may invoice, as may the immediate parent
    const billedToMaster = (await read(formPost(params(owner(tenant), { ACCOUNTNAME: "Till 2", PARENTACCOUNT: middle, PAYMENTMODEL: "POSTPAID", INVOICINGACCOUNT: tenant.masterAccountId })))).body.account.ID;
    expect((await accountRow(tenant, billedToMaster)).invoicingAccountId).toBe(tenant.masterAccountId);
    const billedToParent = (await read(formPost(params(owner(tenant), { ACCOUNTNAME: "Till 3", PARENTACCOUNT: String(middle), PAYMENTMODEL: "postpaid", INVOICINGACCOUNT: String(middle) })))).body.account.ID;
    expect((await accountRow(tenant, billedToParent)).invoicingAccountId).toBe(middle);
  });

  it("reads the parameters from a GET query string, a JSON body (ACCOUNT as a string or an object), multipart, in any case", async () => {
    const tenant = await makeTenant();
    const account = { ACCOUNTNAME: "Via GET", PAYMENTMODEL: "prepaid" };
    expect((await read(get(params(owner(tenant), account)))).body.account.name).toBe("Via GET");

    const asString = await read(jsonPost({ USERNAME: tenant.ownerEmail, PASSWORD: TEST_PASSWORD, ACCOUNT: JSON.stringify({ ...account, ACCOUNTNAME: "JSON string" }) }));
    expect(asString.body.account.name).toBe("JSON string");
    const asObject = await read(jsonPost({ USERNAME: tenant.ownerEmail, PASSWORD: TEST_PASSWORD, ACCOUNT: { ...account, ACCOUNTNAME: "JSON object", MONTHLYVOLUMELIMIT: 10 } }));
    expect((await accountRow(tenant, asObject.body.account.ID)).monthlyVolumeLimit).toBe(10);

    const form = new FormData();
    form.set("USERNAME", tenant.ownerEmail);
    form.set("PASSWORD", TEST_PASSWORD);
    form.set("ACCOUNT", JSON.stringify({ ...account, ACCOUNTNAME: "Multipart" }));
    expect((await read(route.POST(new Request(URL_BASE, { method: "POST", body: form })))).body.account.name).toBe("Multipart");

    const lower = await read(formPost({ username: tenant.ownerEmail, password: TEST_PASSWORD, account: JSON.stringify({ accountname: "Lower case", paymentmodel: "prepaid" }) }));
    expect(lower.body.account.name).toBe("Lower case");

    // a POST may carry its parameters in the URL; the body's win
    const mixed = await read(route.POST(new Request(`${URL_BASE}?${new URLSearchParams({ USERNAME: tenant.ownerEmail, ACCOUNT: JSON.stringify({ ...account, ACCOUNTNAME: "From URL" }) })}`, {
      method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({ PASSWORD: TEST_PASSWORD, ACCOUNT: JSON.stringify({ ...account, ACCOUNTNAME: "From body" }) }).toString(),
    })));
    expect(mixed.body.account.name).toBe("From body");
  });

  it("lets an admin of a partner member create below it, and a partner create under its own sub-accounts", async () => {
    const tenant = await makeTenant();
    const partner = await makeChild(tenant, { isPartner: true });
    const admin = await userOn(tenant, partner.id, "admin");
    const child = (await read(formPost(params(admin, { ACCOUNTNAME: "Partner's", PAYMENTMODEL: "prepaid" })))).body.account.ID;
    const grandchild = (await read(formPost(params(admin, { ACCOUNTNAME: "Partner's own", PARENTACCOUNT: child, PAYMENTMODEL: "postpaid", INVOICINGACCOUNT: partner.id })))).body.account.ID;
    expect(await accountRow(tenant, grandchild)).toMatchObject({ parentId: child, invoicingAccountId: partner.id, path: [tenant.masterAccountId, partner.id, child, grandchild] });
  });
});

describe("SMS Central account create: refusals", () => {
  it("refuses missing parameters, unreadable bodies and wrong credentials before anything else", async () => {
    const tenant = await makeTenant();
    const before = await accountCount(tenant);
    const good = params(owner(tenant), { ACCOUNTNAME: "X", PAYMENTMODEL: "prepaid" });
    await expectError(formPost({}), "MISSING_PARAMETER", "Missing required parameters: USERNAME, PASSWORD, ACCOUNT.");
    await expectError(formPost({ ...good, PASSWORD: "" }), "MISSING_PARAMETER", "Missing required parameter: PASSWORD.");
    await expectError(get({ USERNAME: good.USERNAME, PASSWORD: good.PASSWORD }), "MISSING_PARAMETER", "Missing required parameter: ACCOUNT.");
    await expectError(jsonPost("{"), "INVALID_REQUEST", "The request body is not valid JSON.");
    await expectError(jsonPost("[1]"), "INVALID_REQUEST");
    await expectError(jsonPost({ USERNAME: 5, PASSWORD: TEST_PASSWORD, ACCOUNT: "{}" }), "AUTHENTICATION_FAILED", "Invalid username or password.");
    await expectError(formPost({ ...good, PASSWORD: "wrong password" }), "AUTHENTICATION_FAILED", "Invalid username or password.");
    await expectError(formPost({ ...good, USERNAME: `nobody-${randomUUID()}@test.local` }), "AUTHENTICATION_FAILED", "Invalid username or password.");
    await expectError(formPost({ ...good, USERNAME: "not an e-mail" }), "AUTHENTICATION_FAILED");
    expect(await accountCount(tenant)).toBe(before);
  });

  it("after ten wrong passwords for a USERNAME, refuses it with 204 and Retry-After, even with the right password; nothing created", async () => {
    const tenant = await makeTenant();
    const before = await accountCount(tenant);
    const account = { ACCOUNTNAME: "X", PAYMENTMODEL: "prepaid" };
    for (let i = 0; i < 10; i++) await expectError(formPost(params(owner(tenant), account, `wrong ${i}`)), "AUTHENTICATION_FAILED");
    const res = await formPost(params(owner(tenant), account));
    expect(res.headers.get("retry-after")).toMatch(/^\d+$/);
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(800);
    await expectError(Promise.resolve(res), "TOO_MANY_ATTEMPTS", /^Too many failed sign-ins\. Retry after \d+ s\.$/);
    expect(await accountCount(tenant)).toBe(before);
  });

  it("refuses a caller whose account is suspended, not a partner, or whose role cannot create members", async () => {
    const tenant = await makeTenant();
    const partner = await makeChild(tenant, { isPartner: true });
    const plain = await makeChild(tenant);
    const partnerOwner = await userOn(tenant, partner.id, "owner");
    const plainOwner = await userOn(tenant, plain.id, "owner");
    const viewer = await userOn(tenant, tenant.masterAccountId, "viewer");
    const account = { ACCOUNTNAME: "X", PAYMENTMODEL: "prepaid" };
    const before = await accountCount(tenant);

    await expectError(formPost(params(plainOwner, account)), "NOT_PARTNER", `${plain.name} is not a partner account: only partner accounts can create sub-accounts.`);
    await expectError(formPost(params(viewer, account)), "PERMISSION_DENIED", "Only owners and admins can create sub-accounts.");
    await suspendMember({ ctx: tenant.owner, input: { accountId: partner.id } });
    await expectError(formPost(params(partnerOwner, account)), "ACCOUNT_INACTIVE", "Your account, or an account above it, is suspended or closed.");
    // a wrong password still reads as wrong, whatever the account's state
    await expectError(formPost(params(partnerOwner, account, "wrong password")), "AUTHENTICATION_FAILED");
    expect(await accountCount(tenant)).toBe(before);
  });

  it("refuses an ACCOUNT that is not a JSON object, has unknown fields or badly typed ones, naming the field", async () => {
    const tenant = await makeTenant();
    const before = await accountCount(tenant);
    const raw = (ACCOUNT: string) => formPost({ USERNAME: tenant.ownerEmail, PASSWORD: TEST_PASSWORD, ACCOUNT });
    const with_ = (account: Record<string, unknown>) => formPost(params(owner(tenant), account));

    await expectError(raw("{ACCOUNTNAME:"), "INVALID_ACCOUNT_JSON", "ACCOUNT is not valid JSON.");
    await expectError(raw("[]"), "INVALID_ACCOUNT_JSON");
    await expectError(raw('"text"'), "INVALID_ACCOUNT_JSON");
    await expectError(with_({ ACCOUNTNAME: "X", PAYMENTMODEL: "prepaid", MONTHLYVOLUMNLIMIT: 5 }), "INVALID_ACCOUNT_JSON", /unknown field MONTHLYVOLUMNLIMIT/);

    await expectError(with_({ PAYMENTMODEL: "prepaid" }), "INVALID_ACCOUNTNAME", "ACCOUNTNAME is required.");
    await expectError(with_({ ACCOUNTNAME: 12, PAYMENTMODEL: "prepaid" }), "INVALID_ACCOUNTNAME", "ACCOUNTNAME must be a string.");
    await expectError(with_({ ACCOUNTNAME: "   ", PAYMENTMODEL: "prepaid" }), "INVALID_ACCOUNTNAME", "ACCOUNTNAME: Enter a name.");
    await expectError(with_({ ACCOUNTNAME: "x".repeat(121), PAYMENTMODEL: "prepaid" }), "INVALID_ACCOUNTNAME", /120 characters/);

    await expectError(with_({ ACCOUNTNAME: "X" }), "INVALID_PAYMENTMODEL", "PAYMENTMODEL is required: 'prepaid' or 'postpaid'.");
    await expectError(with_({ ACCOUNTNAME: "X", PAYMENTMODEL: "credit" }), "INVALID_PAYMENTMODEL", "PAYMENTMODEL must be 'prepaid' or 'postpaid'.");

    for (const limit of [0, -1, 1.5, "ten", true, 1_000_000_001]) {
      await expectError(with_({ ACCOUNTNAME: "X", PAYMENTMODEL: "prepaid", MONTHLYVOLUMELIMIT: limit }), "INVALID_MONTHLYVOLUMELIMIT", /^MONTHLYVOLUMELIMIT must be/);
    }
    for (const parent of ["abc", 1.5, -2, {}]) {
      await expectError(with_({ ACCOUNTNAME: "X", PAYMENTMODEL: "prepaid", PARENTACCOUNT: parent }), "INVALID_PARENTACCOUNT", /^PARENTACCOUNT must be/);
    }
    await expectError(with_({ ACCOUNTNAME: "X", PAYMENTMODEL: "postpaid", INVOICINGACCOUNT: "x1" }), "INVALID_INVOICINGACCOUNT", "INVOICINGACCOUNT must be an integer.");
    await expectError(with_({ ACCOUNTNAME: "X", PAYMENTMODEL: "prepaid", INVOICINGACCOUNT: tenant.masterAccountId }), "INVOICINGACCOUNT_NOT_POSTPAID");
    expect(await accountCount(tenant)).toBe(before);
  });

  it("refuses a parent outside the caller's tree, not a partner, suspended or on the last level, and a foreign invoicing account", async () => {
    const tenant = await makeTenant({ maxDepth: 3 });
    const other = await makeTenant();
    const partner = await makeChild(tenant, { isPartner: true });
    const sibling = await makeChild(tenant, { isPartner: true });
    const plain = await makeChild(tenant);
    const deepest = await makeChild(tenant, { parentId: partner.id, isPartner: true });
    const suspended = await makeChild(tenant, { isPartner: true });
    await suspendMember({ ctx: tenant.owner, input: { accountId: suspended.id } });
    const foreign = await makeChild(other, { isPartner: true });
    const partnerAdmin = await userOn(tenant, partner.id, "admin");
    const before = await accountCount(tenant);
    const under = (who: { email: string }, fields: Record<string, unknown>) => formPost(params(who, { ACCOUNTNAME: "X", PAYMENTMODEL: "prepaid", ...fields }));

    await expectError(under(owner(tenant), { PARENTACCOUNT: 999_999_999 }), "PARENT_NOT_FOUND", "Account 999999999 was not found in your account tree.");
    await expectError(under(owner(tenant), { PARENTACCOUNT: foreign.id }), "PARENT_NOT_FOUND");
    await expectError(under(partnerAdmin, { PARENTACCOUNT: sibling.id }), "PARENT_NOT_FOUND");
    await expectError(under(partnerAdmin, { PARENTACCOUNT: tenant.masterAccountId }), "PARENT_NOT_FOUND");
    await expectError(under(owner(tenant), { PARENTACCOUNT: plain.id }), "PARENT_NOT_PARTNER", `${plain.name} is not a partner account, so it cannot have sub-accounts.`);
    await expectError(under(owner(tenant), { PARENTACCOUNT: suspended.id }), "PARENT_INACTIVE", `${suspended.name} is suspended: it cannot get new sub-accounts.`);
    await expectError(under(owner(tenant), { PARENTACCOUNT: deepest.id }), "DEPTH_LIMIT", `The account tree is limited to 3 levels: ${deepest.name} is on the last one.`);

    const postpaid = (who: { email: string }, parent: number, invoicing: number) => under(who, { PARENTACCOUNT: parent, PAYMENTMODEL: "postpaid", INVOICINGACCOUNT: invoicing });
    await expectError(postpaid(owner(tenant), partner.id, sibling.id), "INVALID_INVOICINGACCOUNT", /INVOICINGACCOUNT: The invoicing account must be/);
    await expectError(postpaid(owner(tenant), partner.id, deepest.id), "INVALID_INVOICINGACCOUNT");
    await expectError(postpaid(owner(tenant), partner.id, foreign.id), "INVALID_INVOICINGACCOUNT");
    // an ancestor above the caller's own account is not the caller's to bill
    await expectError(postpaid(partnerAdmin, partner.id, tenant.masterAccountId), "INVALID_INVOICINGACCOUNT");
    expect(await accountCount(tenant)).toBe(before);
    expect(await prisma.account.count({ where: { tenantId: other.tenantId, kind: "customer" } })).toBe(2);
  });
});
