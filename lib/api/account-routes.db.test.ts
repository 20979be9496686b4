// The native API's account routes (/api/v1/accounts…), called as Next calls them (a Request in, a Response out),
// against the real database: wire shapes checked against their schemas, status codes, who may reach what.
import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/client";
import { stopQueue } from "@/lib/jobs/boss";
import { accountListSchema, accountSchema, accountTreeSchema, createdAccountSchema, deletedAccountSchema } from "@/lib/api/v1/accounts";
import { suspendMember } from "@/lib/domain/members/suspend-member";
import { apiRequest, expectBody, expectError, keyOf, revokeKey, routeParams } from "@/lib/testing/api-requests";
import { balanceOf, credit, fundMaster, makeChild, makeTenant, type TestTenant } from "@/lib/testing/factories";
import * as accounts from "@/app/api/v1/accounts/route";
import * as account from "@/app/api/v1/accounts/[id]/route";
import * as suspend from "@/app/api/v1/accounts/[id]/suspend/route";
import * as activate from "@/app/api/v1/accounts/[id]/activate/route";
import * as tree from "@/app/api/v1/accounts/[id]/tree/route";

afterAll(() => stopQueue());

type Key = string | null;
const list = (key: Key, query = "") => accounts.GET(apiRequest(`/api/v1/accounts${query}`, key));
const create = (key: Key, body: unknown) => accounts.POST(apiRequest("/api/v1/accounts", key, { body }));
const get = (key: Key, id: number | string) => account.GET(apiRequest(`/api/v1/accounts/${id}`, key), routeParams({ id: String(id) }));
const patch = (key: Key, id: number | string, body: unknown) =>
  account.PATCH(apiRequest(`/api/v1/accounts/${id}`, key, { method: "PATCH", body }), routeParams({ id: String(id) }));
const del = (key: Key, id: number | string) => account.DELETE(apiRequest(`/api/v1/accounts/${id}`, key, { method: "DELETE" }), routeParams({ id: String(id) }));
const post = (handler: typeof suspend.POST, action: string) => (key: Key, id: number | string) =>
  handler(apiRequest(`/api/v1/accounts/${id}/${action}`, key, { method: "POST" }), routeParams({ id: String(id) }));
const doSuspend = post(suspend.POST, "suspend");
const doActivate = post(activate.POST, "activate");
const getTree = (key: Key, id: number | string, query = "") => tree.GET(apiRequest(`/api/v1/accounts/${id}/tree${query}`, key), routeParams({ id: String(id) }));

async function masterKey(tenant: TestTenant) {
  return (await keyOf(tenant, tenant.masterAccountId, "master")).plaintext;
}

describe("POST /api/v1/accounts", () => {
  it('creates a member from {"name"} alone: 201, the account at the top level, credentials once, a working key', async () => {
    const tenant = await makeTenant();
    const key = await masterKey(tenant);
    const res = await create(key, { name: "x" });
    const created = await expectBody(res, 201, createdAccountSchema);
    expect(created).toMatchObject({
      name: "x", parent_id: tenant.masterAccountId, depth: 1, status: "active", payment_model: "prepaid", balance: "0", currency: "EUR",
      is_partner: false, monthly_limit: null, invoicing_account_id: null, open_children: 0, messages_this_month: 0, email: null,
    });
    expect(res.headers.get("location")).toBe(`/api/v1/accounts/${created.id}`);
    expect(created.credentials.email).toMatch(new RegExp(`^member-${created.id}@`));
    expect(created.credentials.password).toHaveLength(20);
    expect(created.credentials.api_key).toMatch(/^sk_live_/);
    expect(created.api_key).toMatch(/^sk_live_/);
    expect(created.api_key).not.toBe(created.credentials.api_key); // masked

    // the returned key acts for the new account
    const { credentials: _shownOnce, ...createdAccount } = created;
    expect(await expectBody(await get(created.credentials.api_key, created.id), 200, accountSchema)).toEqual(createdAccount);
    // and nothing above it
    await expectError(await get(created.credentials.api_key, tenant.masterAccountId), 404);
  });

  it("creates with every field, under a partner member given as parent_id", async () => {
    const tenant = await makeTenant();
    const key = await masterKey(tenant);
    const partner = await makeChild(tenant, { isPartner: true });
    const email = `Member-${randomUUID()}@Test.local`;
    const res = await create(key, {
      name: "  Acme Ltd  ", parent_id: partner.id, email, payment_model: "postpaid", invoicing_account_id: tenant.masterAccountId,
      monthly_limit: 5000, is_partner: true,
    });
    const created = await expectBody(res, 201, createdAccountSchema);
    expect(created).toMatchObject({
      name: "Acme Ltd", parent_id: partner.id, depth: 2, email: email.toLowerCase(), payment_model: "postpaid",
      invoicing_account_id: tenant.masterAccountId, monthly_limit: 5000, is_partner: true,
    });
    expect(created.credentials.email).toBe(email.toLowerCase());

    // postpaid without an invoicing account invoices itself
    const self = await expectBody(await create(key, { name: "Self-invoiced", payment_model: "postpaid" }), 201, createdAccountSchema);
    expect(self.invoicing_account_id).toBe(self.id);
  });

  it("refuses bad bodies: 400 for broken JSON, 422 with details under the wire's names, creating nothing", async () => {
    const tenant = await makeTenant();
    const key = await masterKey(tenant);
    const before = await prisma.account.count({ where: { tenantId: tenant.tenantId } });

    expect((await expectError(await create(key, "{"), 400)).code).toBe("invalid_json");
    expect((await expectError(await create(key, ""), 400)).code).toBe("invalid_json");
    expect((await expectError(await create(key, "[1]"), 422)).code).toBe("validation_failed");

    const details = async (body: unknown) => {
      const error = await expectError(await create(key, body), 422);
      expect(error.code).toBe("validation_failed");
      return error.details!;
    };
    expect(Object.keys(await details({}))).toEqual(["name"]);
    expect(await details({ name: "   " })).toEqual({ name: ["Enter a name."] });
    expect(await details({ name: 5 })).toEqual({ name: ["Send the name as a string."] });
    expect(Object.keys(await details({ name: "x", is_partner: "yes", monthly_limit: 1.5, payment_model: "credit", parent_id: "1" }))).toEqual(
      ["parent_id", "payment_model", "monthly_limit", "is_partner"],
    );
    expect(await details({ name: "x", monthly_limit: -3 })).toEqual({ monthly_limit: ["The limit must be positive."] });
    // rules the domain checks come back under the wire's names too
    expect(await details({ name: "x", email: "not-an-address" })).toEqual({ email: ["Enter a valid e-mail address."] });
    expect(await details({ name: "x", invoicing_account_id: tenant.masterAccountId })).toEqual({
      invoicing_account_id: ["Only postpaid accounts have an invoicing account."],
    });
    const other = await makeChild(tenant);
    expect(await details({ name: "x", payment_model: "postpaid", invoicing_account_id: other.id })).toHaveProperty("invoicing_account_id");

    // a parent that is not a partner cannot have members
    const plain = await makeChild(tenant);
    const notPartner = await expectError(await create(key, { name: "x", parent_id: plain.id }), 422);
    expect(notPartner.message).toMatch(/partner/);
    // the e-mail of an existing user
    const taken = await expectError(await create(key, { name: "x", email: tenant.ownerEmail }), 409);
    expect(taken.code).toBe("email_taken");

    expect(await prisma.account.count({ where: { tenantId: tenant.tenantId } })).toBe(before + 2); // only `other` and `plain`
  });

  it("answers 404 for a parent in another tenant or outside the key's subtree, 422 past the depth limit", async () => {
    const tenant = await makeTenant({ maxDepth: 2 });
    const member = await makeChild(tenant, { isPartner: true });
    const sibling = await makeChild(tenant, { isPartner: true });
    const memberKey = (await keyOf(tenant, member.id)).plaintext;
    const other = await makeTenant();

    expect((await expectError(await create(memberKey, { name: "x", parent_id: sibling.id }), 404)).code).toBe("not_found");
    expect((await expectError(await create(memberKey, { name: "x", parent_id: tenant.masterAccountId }), 404)).code).toBe("not_found");
    expect((await expectError(await create(memberKey, { name: "x", parent_id: other.masterAccountId }), 404)).code).toBe("not_found");
    const tooDeep = await expectError(await create(memberKey, { name: "x" }), 422);
    expect(tooDeep.code).toBe("depth_limit");
  });
});

describe("GET /api/v1/accounts", () => {
  it("lists the key's direct members with search, filters, sort and paging; parent_id lists below a partner", async () => {
    const tenant = await makeTenant();
    const key = await masterKey(tenant);
    const alpha = await makeChild(tenant, { name: "Alpha", isPartner: true });
    const beta = await makeChild(tenant, { name: "Beta", paymentModel: "postpaid" });
    const gamma = await makeChild(tenant, { name: "Gamma" });
    const nested = await makeChild(tenant, { name: "Nested", parentId: alpha.id });
    await fundMaster(tenant, 100_000_000n);
    await credit(tenant, gamma.id, 12_500_000n);
    await suspendMember({ ctx: tenant.owner, input: { accountId: beta.id } });

    const all = await expectBody(await list(key), 200, accountListSchema);
    expect(all).toMatchObject({ page: 1, per_page: 25, total: 3 });
    expect(all.data.map((a) => a.name)).toEqual(["Alpha", "Beta", "Gamma"]);
    expect(all.data[0]).toMatchObject({ id: alpha.id, is_partner: true, open_children: 1, parent_id: tenant.masterAccountId });
    expect(all.data[2]).toMatchObject({ id: gamma.id, balance: "12.5", currency: "EUR" });

    const byBalance = await expectBody(await list(key, "?sort=-balance&per_page=1&page=1"), 200, accountListSchema);
    expect(byBalance).toMatchObject({ total: 3, per_page: 1, data: [{ id: gamma.id }] });
    const page2 = await expectBody(await list(key, "?sort=name&per_page=2&page=2"), 200, accountListSchema);
    expect(page2.data.map((a) => a.id)).toEqual([gamma.id]);
    const pastEnd = await expectBody(await list(key, "?per_page=2&page=9"), 200, accountListSchema);
    expect(pastEnd).toMatchObject({ data: [], total: 3, page: 9 });

    expect((await expectBody(await list(key, "?status=suspended"), 200, accountListSchema)).data.map((a) => a.id)).toEqual([beta.id]);
    expect((await expectBody(await list(key, "?payment_model=postpaid"), 200, accountListSchema)).data.map((a) => a.id)).toEqual([beta.id]);
    expect((await expectBody(await list(key, "?q=amm"), 200, accountListSchema)).data.map((a) => a.id)).toEqual([gamma.id]);
    expect((await expectBody(await list(key, `?q=${nested.id}`), 200, accountListSchema)).total).toBe(0); // not a direct member
    const below = await expectBody(await list(key, `?parent_id=${alpha.id}`), 200, accountListSchema);
    expect(below.data).toMatchObject([{ id: nested.id, parent_id: alpha.id, depth: 2 }]);
    // empty values count as absent
    expect((await expectBody(await list(key, "?q=&page="), 200, accountListSchema)).total).toBe(3);
  });

  it("refuses a malformed query with 422 naming the parameter, and another subtree's parent with 404", async () => {
    const tenant = await makeTenant();
    const key = await masterKey(tenant);
    const member = await makeChild(tenant, { isPartner: true });
    const sibling = await makeChild(tenant, { isPartner: true });
    const memberKey = (await keyOf(tenant, member.id)).plaintext;

    for (const [query, field] of [
      ["?per_page=500", "per_page"],
      ["?per_page=0", "per_page"],
      ["?page=abc", "page"],
      ["?sort=balance_desc", "sort"],
      ["?status=deleted", "status"],
      ["?payment_model=free", "payment_model"],
      ["?parent_id=abc", "parent_id"],
      ["?parent_id=99999999999", "parent_id"],
    ] as const) {
      const error = await expectError(await list(key, query), 422);
      expect(Object.keys(error.details!), query).toEqual([field]);
    }
    const other = await makeTenant();
    await expectError(await list(key, `?parent_id=${other.masterAccountId}`), 404);
    await expectError(await list(memberKey, `?parent_id=${sibling.id}`), 404);
    await expectError(await list(memberKey, `?parent_id=${tenant.masterAccountId}`), 404);
    expect((await expectBody(await list(memberKey), 200, accountListSchema)).total).toBe(0);
  });
});

describe("GET /api/v1/accounts/{id}", () => {
  it("reads the key's own account (a master has no parent) and any account below it; 404 elsewhere", async () => {
    const tenant = await makeTenant();
    const key = await masterKey(tenant);
    const partner = await makeChild(tenant, { isPartner: true, name: "Partner" });
    const nested = await makeChild(tenant, { parentId: partner.id, monthlyVolumeLimit: 100 });
    const sibling = await makeChild(tenant);
    const partnerKey = (await keyOf(tenant, partner.id)).plaintext;

    const master = await expectBody(await get(key, tenant.masterAccountId), 200, accountSchema);
    expect(master).toMatchObject({ id: tenant.masterAccountId, parent_id: null, depth: 0, is_partner: true, open_children: 2 });
    expect(master.api_key).toMatch(/^sk_live_/);
    expect(await expectBody(await get(key, nested.id), 200, accountSchema)).toMatchObject({ id: nested.id, monthly_limit: 100, depth: 2 });
    expect((await expectBody(await get(partnerKey, partner.id), 200, accountSchema)).name).toBe("Partner");
    expect((await expectBody(await get(partnerKey, nested.id), 200, accountSchema)).parent_id).toBe(partner.id);

    const other = await makeTenant();
    const foreign = await makeChild(other);
    for (const id of [sibling.id, tenant.masterAccountId, foreign.id, other.masterAccountId, 2_147_483_647, "0", "-1", "1.5", "abc", "99999999999", "1e3"]) {
      const error = await expectError(await get(partnerKey, id), 404);
      expect(error).toEqual({ code: "not_found", message: "Account not found." });
    }
  });
});

describe("PATCH /api/v1/accounts/{id}", () => {
  it("changes only the fields sent; the invoicing account follows the payment model", async () => {
    const tenant = await makeTenant();
    const key = await masterKey(tenant);
    const member = await makeChild(tenant, { name: "Before", contactEmail: "before@test.local", monthlyVolumeLimit: 10 });

    const renamed = await expectBody(await patch(key, member.id, { name: "After" }), 200, accountSchema);
    expect(renamed).toMatchObject({ name: "After", email: "before@test.local", monthly_limit: 10, payment_model: "prepaid", is_partner: false });

    const postpaid = await expectBody(await patch(key, member.id, { payment_model: "postpaid" }), 200, accountSchema);
    expect(postpaid).toMatchObject({ payment_model: "postpaid", invoicing_account_id: member.id, name: "After" });
    const invoiced = await expectBody(await patch(key, member.id, { invoicing_account_id: tenant.masterAccountId }), 200, accountSchema);
    expect(invoiced.invoicing_account_id).toBe(tenant.masterAccountId);
    // a change of another field keeps the chosen invoicing account
    expect((await expectBody(await patch(key, member.id, { monthly_limit: null }), 200, accountSchema)).invoicing_account_id).toBe(tenant.masterAccountId);

    const prepaid = await expectBody(await patch(key, member.id, { payment_model: "prepaid", email: null, is_partner: true }), 200, accountSchema);
    expect(prepaid).toMatchObject({ payment_model: "prepaid", invoicing_account_id: null, email: null, monthly_limit: null, is_partner: true });

    // a GET body sent back as it is (read-only fields and all) changes nothing
    const current = await expectBody(await get(key, member.id), 200, accountSchema);
    expect(await expectBody(await patch(key, member.id, current), 200, accountSchema)).toEqual(current);
  });

  it("refuses empty, malformed and rule-breaking changes with 422; the key's own account and others' with 404", async () => {
    const tenant = await makeTenant();
    const key = await masterKey(tenant);
    const member = await makeChild(tenant, { name: "Kept" });
    const other = await makeChild(tenant);

    expect((await expectError(await patch(key, member.id, "{"), 400)).code).toBe("invalid_json");
    expect((await expectError(await patch(key, member.id, {}), 422)).details).toEqual({
      _: ["Send at least one of name, email, payment_model, monthly_limit, invoicing_account_id, is_partner, delivery_receipt."],
    });
    expect((await expectError(await patch(key, member.id, { name: "" }), 422)).details).toEqual({ name: ["Enter a name."] });
    expect(Object.keys((await expectError(await patch(key, member.id, { monthly_limit: "10", is_partner: 1 }), 422)).details!)).toEqual([
      "monthly_limit", "is_partner",
    ]);
    expect((await expectError(await patch(key, member.id, { email: "nope" }), 422)).details).toEqual({ email: ["Enter a valid e-mail address."] });
    expect((await expectError(await patch(key, member.id, { invoicing_account_id: tenant.masterAccountId }), 422)).details).toEqual({
      invoicing_account_id: ["Only postpaid accounts have an invoicing account."],
    });
    expect(
      Object.keys((await expectError(await patch(key, member.id, { payment_model: "postpaid", invoicing_account_id: other.id }), 422)).details!),
    ).toEqual(["invoicing_account_id"]);

    // nobody edits the account it acts for
    await expectError(await patch(key, tenant.masterAccountId, { name: "Mine" }), 404);
    const foreign = await makeChild(await makeTenant());
    await expectError(await patch(key, foreign.id, { name: "Theirs" }), 404);
    const memberKey = (await keyOf(tenant, member.id)).plaintext;
    await expectError(await patch(memberKey, other.id, { name: "Sibling" }), 404);
    await expectError(await patch(key, "x", { name: "Nope" }), 404);
    expect((await expectBody(await get(key, member.id), 200, accountSchema)).name).toBe("Kept");
  });
});

describe("suspend, activate, delete", () => {
  it("suspends (the member's key stops working) and activates again, idempotently", async () => {
    const tenant = await makeTenant();
    const key = await masterKey(tenant);
    const member = await makeChild(tenant);
    const memberKey = (await keyOf(tenant, member.id)).plaintext;
    expect((await expectBody(await get(memberKey, member.id), 200, accountSchema)).status).toBe("active");

    expect((await expectBody(await doSuspend(key, member.id), 200, accountSchema)).status).toBe("suspended");
    expect((await expectBody(await doSuspend(key, member.id), 200, accountSchema)).status).toBe("suspended");
    const refused = await get(memberKey, member.id);
    expect((await expectError(refused, 401)).message).toBe("The account is suspended or closed.");
    expect(refused.headers.get("www-authenticate")).toContain("invalid_token");

    expect((await expectBody(await doActivate(key, member.id), 200, accountSchema)).status).toBe("active");
    expect((await expectBody(await doActivate(key, member.id), 200, accountSchema)).status).toBe("active");
    expect((await get(memberKey, member.id)).status).toBe(200);

    // a key cannot suspend its own account, a sibling or another tenant's
    await expectError(await doSuspend(memberKey, member.id), 404);
    await expectError(await doSuspend(key, tenant.masterAccountId), 404);
    await expectError(await doActivate(key, (await makeChild(await makeTenant())).id), 404);
    await expectError(await doSuspend(key, "abc"), 404);
  });

  it("deletes: sweeps the balance to the parent, closes, revokes keys; refused with open members or twice", async () => {
    const tenant = await makeTenant();
    const key = await masterKey(tenant);
    const partner = await makeChild(tenant, { isPartner: true });
    const nested = await makeChild(tenant, { parentId: partner.id });
    await fundMaster(tenant, 50_000_000n);
    await credit(tenant, partner.id, 20_250_000n);
    const partnerKey = (await keyOf(tenant, partner.id)).plaintext;

    const blocked = await expectError(await del(key, partner.id), 409);
    expect(blocked.code).toBe("has_open_children");

    expect(await expectBody(await del(partnerKey, nested.id), 200, deletedAccountSchema)).toMatchObject({ id: nested.id, swept: "0" });
    const deleted = await expectBody(await del(key, partner.id), 200, deletedAccountSchema);
    expect(deleted).toEqual({
      id: partner.id, parent_id: tenant.masterAccountId, status: "closed", swept: "20.25", currency: "EUR", revoked_api_keys: 1, revoked_invitations: 0,
    });
    expect(await balanceOf(tenant, partner.id)).toBe(0n);
    expect(await balanceOf(tenant, tenant.masterAccountId)).toBe(50_000_000n);
    await expectError(await get(partnerKey, partner.id), 401);
    expect((await expectBody(await get(key, partner.id), 200, accountSchema)).status).toBe("closed");
    expect((await expectBody(await list(key, "?status=closed"), 200, accountListSchema)).data.map((a) => a.id)).toEqual([partner.id]);

    expect((await expectError(await del(key, partner.id), 409)).code).toBe("account_closed");
    expect((await expectError(await doActivate(key, partner.id), 409)).code).toBe("account_closed");
    expect((await expectError(await patch(key, partner.id, { name: "Zombie" }), 409)).code).toBe("account_closed");
    await expectError(await del(key, tenant.masterAccountId), 404);
    await expectError(await del(key, (await makeChild(await makeTenant())).id), 404);
  });
});

describe("GET /api/v1/accounts/{id}/tree", () => {
  it("lists the subtree depth-first, cut at `limit`; 404 outside the key's subtree, 422 for a bad limit", async () => {
    const tenant = await makeTenant();
    const key = await masterKey(tenant);
    const a = await makeChild(tenant, { name: "A", isPartner: true });
    const a1 = await makeChild(tenant, { name: "A1", parentId: a.id });
    const b = await makeChild(tenant, { name: "B" });

    const whole = await expectBody(await getTree(key, tenant.masterAccountId), 200, accountTreeSchema);
    expect(whole).toMatchObject({ root_id: tenant.masterAccountId, total: 4, truncated: false });
    expect(whole.nodes.map((n) => n.id)).toEqual([tenant.masterAccountId, a.id, a1.id, b.id]);
    expect(whole.nodes[2]).toEqual({ id: a1.id, parent_id: a.id, depth: 2, name: "A1", status: "active", is_partner: false });

    const branch = await expectBody(await getTree(key, a.id), 200, accountTreeSchema);
    expect(branch.nodes.map((n) => n.id)).toEqual([a.id, a1.id]);
    const cut = await expectBody(await getTree(key, tenant.masterAccountId, "?limit=2"), 200, accountTreeSchema);
    expect(cut).toMatchObject({ total: 4, truncated: true });
    expect(cut.nodes).toHaveLength(2);

    expect(Object.keys((await expectError(await getTree(key, tenant.masterAccountId, "?limit=0"), 422)).details!)).toEqual(["limit"]);
    const aKey = (await keyOf(tenant, a.id)).plaintext;
    await expectError(await getTree(aKey, b.id), 404);
    await expectError(await getTree(aKey, tenant.masterAccountId), 404);
    await expectError(await getTree(key, (await makeTenant()).masterAccountId), 404);
  });
});

describe("authentication", () => {
  it("answers 401 without a key, with a revoked or malformed key, and for a key under a suspended account", async () => {
    const tenant = await makeTenant();
    const partner = await makeChild(tenant, { isPartner: true });
    const nested = await makeChild(tenant, { parentId: partner.id });
    const nestedKey = (await keyOf(tenant, nested.id)).plaintext;
    const master = await keyOf(tenant, tenant.masterAccountId);

    const none = await list(null);
    expect((await expectError(none, 401)).code).toBe("unauthenticated");
    expect(none.headers.get("www-authenticate")).toBe('Bearer realm="Subledger"');
    await expectError(await list("sk_live_nope_nope"), 401);
    await expectError(await create(null, { name: "x" }), 401);

    // a suspension above the key's account cuts it off too
    await suspendMember({ ctx: tenant.owner, input: { accountId: partner.id } });
    await expectError(await get(nestedKey, nested.id), 401);
    await expectError(await create(nestedKey, { name: "x" }), 401);

    await revokeKey(tenant, master.id);
    await expectError(await list(master.plaintext), 401);
    await expectError(await create(master.plaintext, { name: "x" }), 401);
    expect(await prisma.account.count({ where: { tenantId: tenant.tenantId, name: "x" } })).toBe(0);
  });
});
