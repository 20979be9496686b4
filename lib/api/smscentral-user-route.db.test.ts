// SMS Central's user create (reference-smscentral §8, §12 point 8), called as Next calls the route (a Request
// in, a Response out) against the real database: every path form and body encoding, the level → role mapping,
// all or nothing, one documented error code per refusal with nothing written, and the created user at work at
// once: sending through ACTION=send with its own USERNAME/PASSWORD, and signing in to the dashboard.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/client";
import type { Role } from "@/lib/db/generated/enums";
import { hashPassword } from "@/lib/auth/password";
import { expectSmscentralError } from "@/lib/testing/api-requests";
import { suspendMember } from "@/lib/domain/members/suspend-member";
import { authenticateUser } from "@/lib/domain/users/authenticate-user";
import { createUserWithMembership } from "@/lib/domain/users/internal";
import { balanceOf, credit, fundMaster, makeChild, makeTenant, TEST_PASSWORD, type TestTenant } from "@/lib/testing/factories";
import * as route from "@/app/api/v3.2/user/create/route";
import * as api from "@/app/api/v3.2/route";

const URL_BASE = "http://subledger.test/api/v3.2/user/create";
const NEW_PASSWORD = "Brand-new pass 42";
const CY = "35799123456";

type Params = Record<string, string>;

const formPost = (params: Params, url = URL_BASE) =>
  route.POST(new Request(url, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams(params).toString() }));
/** C3's style: `K=V&` pairs joined raw, not URL-encoded, with a trailing `&` */
const rawPost = (params: Params, url = URL_BASE) =>
  route.POST(new Request(url, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: Object.entries(params).map(([k, v]) => `${k}=${v}&`).join("") }));
const multipartPost = (params: Params, url = URL_BASE) => {
  const body = new FormData();
  for (const [k, v] of Object.entries(params)) body.append(k, v);
  return route.POST(new Request(url, { method: "POST", body }));
};
const jsonPost = (body: unknown, url = URL_BASE) =>
  route.POST(new Request(url, { method: "POST", headers: { "content-type": "application/json" }, body: typeof body === "string" ? body : JSON.stringify(body) }));
const get = (params: Params, url = URL_BASE) => route.GET(new Request(`${url}?${new URLSearchParams(params)}`));

async function read(pending: Promise<Response>) {
  const res = await pending;
  return { status: res.status, body: await res.json() };
}

const newName = () => `u${randomUUID().replaceAll("-", "").slice(0, 12)}`;

/** A USER object: a new username with NEW_PASSWORD, a first name, and a role on each account given. */
const userJson = (accounts: { ID: unknown; USERLEVEL?: unknown; [key: string]: unknown }[], fields: Record<string, unknown> = {}) => ({
  USERNAME: newName(),
  PASSWORD: NEW_PASSWORD,
  FIRSTNAME: "Kim",
  ACCOUNTS: accounts,
  ...fields,
});

type Caller = { username: string };
const ownerOf = (tenant: TestTenant): Caller => ({ username: tenant.ownerEmail });
const params = (who: Caller, user: unknown, password = TEST_PASSWORD): Params => ({ USERNAME: who.username, PASSWORD: password, USER: typeof user === "string" ? user : JSON.stringify(user) });

/** A user with `role` on `accountId`, signing in with TEST_PASSWORD by e-mail. */
async function userOn(tenant: TestTenant, accountId: number, role: Role): Promise<Caller> {
  const email = `u-${randomUUID()}@test.local`;
  await createUserWithMembership(prisma, { tenantId: tenant.tenantId, accountId, email, name: `A ${role}`, passwordHash: await hashPassword(TEST_PASSWORD), role });
  return { username: email };
}

/** What a refusal must leave as it was: the tenant's memberships and user_created rows. */
const writtenIn = async (tenant: TestTenant) => ({
  memberships: await prisma.membership.count({ where: { tenantId: tenant.tenantId } }),
  created: await prisma.auditEvent.count({ where: { tenantId: tenant.tenantId, action: "user_created" } }),
});

/** Expects the named error: its documented code and status, a description, and the `error` shape. */
const expectError = expectSmscentralError;

const membershipsOf = (userId: number) =>
  prisma.membership.findMany({ where: { userId }, select: { accountId: true, role: true }, orderBy: { id: "asc" } });

describe("SMS Central user create: success", () => {
  it("creates a user with a role on each account, levels 1/2/3 as owner/admin/viewer, and answers {user: {name, ID}}", async () => {
    const tenant = await makeTenant();
    const a = await makeChild(tenant);
    const b = await makeChild(tenant, { isPartner: true });
    const c = await makeChild(tenant, { parentId: b.id });
    const user = userJson([{ ID: a.id, USERLEVEL: 1 }, { ID: b.id, USERLEVEL: 2 }, { ID: c.id, USERLEVEL: 3 }], { USERNAME: "Kim.Lee_01", LASTNAME: "Lee", EMAILADDRESS: " Kim.Lee@Example.test ", MOBILENUMBER: "+61 412 345 678" });
    const { status, body } = await read(formPost(params(ownerOf(tenant), user)));
    expect(status).toBe(200);
    expect(body).toEqual({ user: { name: "kim.lee_01", ID: expect.any(Number) } });
    const row = await prisma.user.findUniqueOrThrow({ where: { id: body.user.ID } });
    expect(row).toMatchObject({ username: "kim.lee_01", email: "kim.lee@example.test", name: "Kim Lee", mobileNumber: "+61412345678", isOperator: false });
    expect(await membershipsOf(row.id)).toEqual([
      { accountId: a.id, role: "owner" },
      { accountId: b.id, role: "admin" },
      { accountId: c.id, role: "viewer" },
    ]);
    // audited like the dashboard's people changes: one row per account, by the caller
    const audit = await prisma.auditEvent.findMany({ where: { tenantId: tenant.tenantId, action: "user_created" }, orderBy: { id: "asc" } });
    expect(audit.map((e) => [e.accountId, e.actorUserId, (e.after as { role: string }).role])).toEqual([
      [a.id, tenant.ownerUserId, "owner"],
      [b.id, tenant.ownerUserId, "admin"],
      [c.id, tenant.ownerUserId, "viewer"],
    ]);
    expect(audit[0].after).toMatchObject({ user_id: row.id, username: "kim.lee_01", email: "kim.lee@example.test", accounts: [a.id, b.id, c.id] });
    expect(JSON.stringify(audit.map((e) => e.after))).not.toContain(NEW_PASSWORD);
  });

  it("answers on every path form and encoding: GET and POST, with and without the trailing slash, form, raw &-terminated, multipart, JSON, query", async () => {
    const tenant = await makeTenant();
    const who = ownerOf(tenant);
    const account = [{ ID: tenant.masterAccountId, USERLEVEL: 3 }];
    for (const url of [URL_BASE, `${URL_BASE}/`]) {
      const sent: [string, Promise<Response>, string][] = [];
      const send = (label: string, make: (user: ReturnType<typeof userJson>) => Promise<Response>) => {
        const user = userJson(account);
        sent.push([label, make(user), user.USERNAME]);
      };
      send("GET query", (user) => get(params(who, user), url));
      send("POST form", (user) => formPost(params(who, user), url));
      send("POST raw &", (user) => rawPost(params(who, user), url));
      send("POST multipart", (user) => multipartPost(params(who, user), url));
      send("POST JSON, USER a string", (user) => jsonPost({ USERNAME: who.username, PASSWORD: TEST_PASSWORD, USER: JSON.stringify(user) }, url));
      send("POST JSON, USER an object", (user) => jsonPost({ USERNAME: who.username, PASSWORD: TEST_PASSWORD, USER: user }, url));
      send("POST with the parameters in its query string", (user) => route.POST(new Request(`${url}?${new URLSearchParams(params(who, user))}`, { method: "POST" })));
      for (const [label, pending, username] of sent) {
        const { status, body } = await read(pending);
        expect([label, url, status, body]).toEqual([label, url, 200, { user: { name: username, ID: expect.any(Number) } }]);
        expect(await membershipsOf(body.user.ID)).toEqual([{ accountId: tenant.masterAccountId, role: "viewer" }]);
      }
    }
  });

  it("reads the level key in any case, IDs and levels as digit strings, ACCOUNTS as a JSON string, and parameter names in any case", async () => {
    const tenant = await makeTenant();
    const a = await makeChild(tenant);
    const b = await makeChild(tenant);
    const user = { username: newName(), password: NEW_PASSWORD, FirstName: "Ana", accounts: JSON.stringify([{ id: String(a.id), Userlevel: "2" }, { Id: b.id, userlevel: 3 }]) };
    const { status, body } = await read(formPost({ username: tenant.ownerEmail, password: TEST_PASSWORD, user: JSON.stringify(user) }));
    expect(status).toBe(200);
    expect(await membershipsOf(body.user.ID)).toEqual([
      { accountId: a.id, role: "admin" },
      { accountId: b.id, role: "viewer" },
    ]);
    // no EMAILADDRESS: the user has none (and signs in with the username), no MOBILENUMBER: none
    expect(await prisma.user.findUniqueOrThrow({ where: { id: body.user.ID } })).toMatchObject({ email: null, mobileNumber: null, name: "Ana" });
  });

  it("lets an admin of a member create admins and viewers on it and below it", async () => {
    const tenant = await makeTenant();
    const partner = await makeChild(tenant, { isPartner: true });
    const below = await makeChild(tenant, { parentId: partner.id });
    const admin = await userOn(tenant, partner.id, "admin");
    const { status, body } = await read(formPost(params(admin, userJson([{ ID: partner.id, USERLEVEL: 2 }, { ID: below.id, USERLEVEL: 3 }]))));
    expect(status).toBe(200);
    expect(await membershipsOf(body.user.ID)).toEqual([
      { accountId: partner.id, role: "admin" },
      { accountId: below.id, role: "viewer" },
    ]);
  });
});

describe("SMS Central user create: the new user at work", () => {
  it("sends at once through ACTION=send with its own USERNAME/PASSWORD, as the first account listed, and reads that balance (levels 2 and 3 may not send)", async () => {
    const tenant = await makeTenant();
    await fundMaster(tenant, 1_000_000_000n);
    const first = await makeChild(tenant, { isPartner: true });
    const second = await makeChild(tenant);
    await credit(tenant, first.id, 5_000_000n);
    await credit(tenant, second.id, 5_000_000n);
    const user = userJson([{ ID: first.id, USERLEVEL: 1 }, { ID: second.id, USERLEVEL: 2 }], { USERNAME: "Shop.Sender" });
    const created = await read(formPost(params(ownerOf(tenant), user)));
    expect(created.status).toBe(200);

    // the username in any case, as SMS Central's clients send it
    const sent = await api.POST(new Request("http://subledger.test/api/v3.2", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ USERNAME: "SHOP.SENDER", PASSWORD: NEW_PASSWORD, ACTION: "send", RECIPIENT: CY, MESSAGE_TEXT: "hello from a new user" }).toString(),
    }));
    expect(sent.status).toBe(200);
    expect(await sent.text()).toBe("0");
    const messages = await prisma.message.findMany({ where: { tenantId: tenant.tenantId, body: "hello from a new user" } });
    expect(messages.map((m) => m.accountId)).toEqual([first.id]);
    expect(await balanceOf(tenant, first.id)).toBeLessThan(5_000_000n);
    expect(await balanceOf(tenant, second.id)).toBe(5_000_000n);

    // the dashboard's last-opened account does not move the API: it stays on the first one listed
    await prisma.user.update({ where: { id: created.body.user.ID }, data: { lastTenantId: tenant.tenantId, lastAccountId: second.id } });
    const balance = await api.GET(new Request(`http://subledger.test/api/v3.2/?${new URLSearchParams({ USERNAME: "shop.sender", PASSWORD: NEW_PASSWORD, ACTION: "balance" })}`));
    expect(await balance.text()).toBe(`<balance>${((Number(await balanceOf(tenant, first.id)) / 1_000_000)).toFixed(2)}</balance>`);

    // with the first account suspended, it acts as the next active one
    await suspendMember({ ctx: tenant.owner, input: { accountId: first.id } });
    const fallback = await api.GET(new Request(`http://subledger.test/api/v3.2?${new URLSearchParams({ USERNAME: "shop.sender", PASSWORD: NEW_PASSWORD, ACTION: "balance" })}`));
    expect(await fallback.text()).toBe("<balance>5.00</balance>");

    // an Advanced (admin) or Basic (viewer) user signs in, but sending is an owner's (or an API key's)
    for (const level of [2, 3]) {
      const other = userJson([{ ID: second.id, USERLEVEL: level }]);
      expect((await read(formPost(params(ownerOf(tenant), other)))).status).toBe(200);
      const refused = await api.POST(new Request("http://subledger.test/api/v3.2/", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ USERNAME: other.USERNAME, PASSWORD: NEW_PASSWORD, ACTION: "send", RECIPIENT: CY, MESSAGE_TEXT: "not mine to send" }),
      }));
      expect(await refused.text()).toBe("516 Only owners and API keys can send messages.");
    }
    expect(await prisma.message.count({ where: { tenantId: tenant.tenantId, body: "not mine to send" } })).toBe(0);
  });

  it("signs in to the dashboard with its username (any case), and its username's failures are throttled on both surfaces", async () => {
    const tenant = await makeTenant();
    const user = userJson([{ ID: tenant.masterAccountId, USERLEVEL: 3 }]);
    const created = await read(formPost(params(ownerOf(tenant), user)));
    const signedIn = await authenticateUser({ email: user.USERNAME.toUpperCase(), password: NEW_PASSWORD });
    expect(signedIn).toEqual({ ok: true, user: { id: created.body.user.ID, email: null, username: user.USERNAME, name: "Kim", sessionVersion: 0 }, accountId: tenant.masterAccountId });
    const signedInRow = await prisma.auditEvent.findFirst({ where: { tenantId: tenant.tenantId, action: "signed_in", actorUserId: created.body.user.ID } });
    expect(signedInRow).toMatchObject({ accountId: tenant.masterAccountId });
    // the wrong password reads as any other; ten of them (on either surface) lock the username for a while
    expect(await authenticateUser({ email: user.USERNAME, password: "wrong password" })).toEqual({ ok: false, reason: "invalid_credentials" });
    for (let i = 0; i < 9; i++) {
      const res = await api.POST(new Request("http://subledger.test/api/v3.2", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ USERNAME: user.USERNAME, PASSWORD: `wrong ${i}`, ACTION: "balance" }) }));
      expect(await res.text()).toMatch(/<errorcode>511<\/errorcode>/);
    }
    expect(await authenticateUser({ email: user.USERNAME, password: NEW_PASSWORD })).toMatchObject({ ok: false, reason: "too_many_attempts" });
    const failures = await prisma.auditEvent.findMany({ where: { tenantId: tenant.tenantId, action: "sign_in_failed" } });
    expect(failures.length).toBe(10);
    expect(new Set(failures.map((f) => f.actorLabel))).toEqual(new Set([user.USERNAME]));
  });
});

/** A tenant with a user whose username and address are taken, callers of user/create as its owner, and the check that nothing changed since. */
async function fieldsFixture() {
  const tenant = await makeTenant();
  const other = await makeTenant();
  const taken = { username: `taken.${newName()}`, email: `taken-${randomUUID()}@example.test` };
  const created = await read(formPost(params(ownerOf(tenant), userJson([{ ID: tenant.masterAccountId, USERLEVEL: 3 }], { USERNAME: taken.username, EMAILADDRESS: taken.email }))));
  expect(created.status).toBe(200);
  const before = await writtenIn(tenant);
  const users = await prisma.user.count();
  const withAccounts = (accounts: { ID: unknown; USERLEVEL?: unknown }[], fields: Record<string, unknown> = {}) => formPost(params(ownerOf(tenant), userJson(accounts, fields)));
  return {
    tenant,
    other,
    taken,
    raw: (USER: string) => formPost({ USERNAME: tenant.ownerEmail, PASSWORD: TEST_PASSWORD, USER }),
    with_: (fields: Record<string, unknown>, accounts: { ID: unknown; USERLEVEL?: unknown }[] = [{ ID: tenant.masterAccountId, USERLEVEL: 3 }]) => withAccounts(accounts, fields),
    without: (field: string) => {
      const user: Record<string, unknown> = userJson([{ ID: tenant.masterAccountId, USERLEVEL: 3 }]);
      delete user[field];
      return formPost(params(ownerOf(tenant), user));
    },
    unchanged: async () => {
      expect(await writtenIn(tenant)).toEqual(before);
      expect(await prisma.user.count()).toBe(users);
    },
  };
}

describe("SMS Central user create: refusals, with nothing written", () => {
  it("refuses missing parameters, unreadable bodies, wrong credentials, an inactive caller and a viewer", async () => {
    const tenant = await makeTenant();
    const partner = await makeChild(tenant, { isPartner: true });
    const partnerOwner = await userOn(tenant, partner.id, "owner");
    const viewer = await userOn(tenant, tenant.masterAccountId, "viewer");
    const before = await writtenIn(tenant);
    const good = params(ownerOf(tenant), userJson([{ ID: tenant.masterAccountId, USERLEVEL: 3 }]));

    await expectError(formPost({}), "MISSING_PARAMETER", "Missing required parameters: USERNAME, PASSWORD, USER.");
    await expectError(get({ USERNAME: good.USERNAME, PASSWORD: good.PASSWORD }), "MISSING_PARAMETER", "Missing required parameter: USER.");
    await expectError(jsonPost("{"), "INVALID_REQUEST", "The request body is not valid JSON.");
    await expectError(formPost({ ...good, PASSWORD: "wrong password" }), "AUTHENTICATION_FAILED", "Invalid username or password.");
    await expectError(formPost({ ...good, USERNAME: "nobody-here" }), "AUTHENTICATION_FAILED", "Invalid username or password.");
    await expectError(formPost(params(viewer, userJson([{ ID: tenant.masterAccountId, USERLEVEL: 3 }]))), "PERMISSION_DENIED", "Only owners and admins can create users.");
    await suspendMember({ ctx: tenant.owner, input: { accountId: partner.id } });
    await expectError(formPost(params(partnerOwner, userJson([{ ID: partner.id, USERLEVEL: 3 }]))), "ACCOUNT_INACTIVE");
    expect(await writtenIn(tenant)).toEqual(before);
  });

  // every call checks the caller's password (argon2, slow on purpose): room for a few dozen calls per test
  it("refuses a USER that is not a JSON object or has unknown fields, and each invalid user field with its own code", async () => {
    const { other, taken, raw, with_, without, unchanged } = await fieldsFixture();

    await expectError(raw("{USERNAME:"), "INVALID_USER_JSON", "USER is not valid JSON.");
    await expectError(raw("[]"), "INVALID_USER_JSON", "USER must be a JSON object with USERNAME, PASSWORD, FIRSTNAME and ACCOUNTS.");
    await expectError(raw('"text"'), "INVALID_USER_JSON");
    await expectError(with_({ EMAIL: "a@b.test" }), "INVALID_USER_JSON", /unknown field EMAIL;/);

    await expectError(without("USERNAME"), "INVALID_USERNAME", "USERNAME is required.");
    await expectError(with_({ USERNAME: "  " }), "INVALID_USERNAME", "USERNAME is required.");
    await expectError(with_({ USERNAME: "kim@example.test" }), "INVALID_USERNAME", "USERNAME: A username cannot contain @: it would read as an e-mail address.");
    for (const bad of ["ab", "has space", "-dash-first", "émile", "x".repeat(65), "semi;colon"]) {
      await expectError(with_({ USERNAME: bad }), "INVALID_USERNAME", /^USERNAME(: A username has 3 to 64| has at most 64)/);
    }
    await expectError(with_({ USERNAME: taken.username }), "USERNAME_TAKEN", `The username ${taken.username} is taken: choose another.`);
    await expectError(with_({ USERNAME: taken.username.toUpperCase() }), "USERNAME_TAKEN");

    await expectError(without("PASSWORD"), "INVALID_PASSWORD", "PASSWORD is required.");
    await expectError(with_({ PASSWORD: 1234567890123 }), "INVALID_PASSWORD", "PASSWORD must be a string.");
    await expectError(with_({ PASSWORD: "short1!" }), "INVALID_PASSWORD", "PASSWORD: Use at least 10 characters.");
    await expectError(with_({ USERNAME: "pat.smith", PASSWORD: "pat.smith-2026" }), "INVALID_PASSWORD", "PASSWORD: Choose a password that is not the username or the e-mail address.");

    await expectError(without("FIRSTNAME"), "INVALID_FIRSTNAME", "FIRSTNAME is required.");
    await expectError(with_({ FIRSTNAME: " " }), "INVALID_FIRSTNAME", "FIRSTNAME is required.");
    await expectError(with_({ FIRSTNAME: "x".repeat(51) }), "INVALID_FIRSTNAME", "FIRSTNAME has at most 50 characters.");
    await expectError(with_({ LASTNAME: ["Lee"] }), "INVALID_LASTNAME", "LASTNAME must be a string.");
    await expectError(with_({ LASTNAME: "x".repeat(51) }), "INVALID_LASTNAME", "LASTNAME has at most 50 characters.");

    await expectError(with_({ EMAILADDRESS: "not-an-address" }), "INVALID_EMAILADDRESS", "EMAILADDRESS: Enter a valid e-mail address.");
    await expectError(with_({ EMAILADDRESS: taken.email.toUpperCase() }), "EMAILADDRESS_TAKEN", "A user with this e-mail address already exists.");
    await expectError(with_({ EMAILADDRESS: other.ownerEmail }), "EMAILADDRESS_TAKEN");

    for (const bad of ["12", "0412 345 678", "call me", "+999 123"]) {
      await expectError(with_({ MOBILENUMBER: bad }), "INVALID_MOBILENUMBER", /^MOBILENUMBER: Enter the mobile number in international format/);
    }

    await unchanged();
  }, 120_000);

  it("refuses invalid ACCOUNTS and levels with their own codes", async () => {
    const { tenant, with_, without, unchanged } = await fieldsFixture();

    await expectError(without("ACCOUNTS"), "INVALID_ACCOUNTS", "ACCOUNTS is required: a JSON array of {ID, USERLEVEL}.");
    await expectError(with_({ ACCOUNTS: { ID: tenant.masterAccountId, USERLEVEL: 3 } }), "INVALID_ACCOUNTS", "ACCOUNTS must be a JSON array of {ID, USERLEVEL}.");
    await expectError(with_({}, []), "INVALID_ACCOUNTS", "ACCOUNTS names no account: give at least one {ID, USERLEVEL}.");
    await expectError(with_({ ACCOUNTS: [5] }), "INVALID_ACCOUNTS", "ACCOUNTS[0]: each account is an object {ID, USERLEVEL}.");
    await expectError(with_({}, [{ ID: tenant.masterAccountId, USERLEVEL: 3, ROLE: "x" }] as never), "INVALID_ACCOUNTS", "ACCOUNTS[0]: each account has only ID and USERLEVEL.");
    await expectError(with_({}, [{ ID: undefined, USERLEVEL: 3 }]), "INVALID_ACCOUNTS", "ACCOUNTS[0].ID: ID is required.");
    await expectError(with_({}, [{ ID: "abc", USERLEVEL: 3 }]), "INVALID_ACCOUNTS", "ACCOUNTS[0].ID: ID must be an integer.");
    await expectError(with_({}, [{ ID: tenant.masterAccountId, USERLEVEL: 3 }, { ID: String(tenant.masterAccountId), USERLEVEL: 2 }]), "INVALID_ACCOUNTS", "ACCOUNTS: Name each account once.");
    for (const level of [0, 4, "admin", 1.5, null]) {
      await expectError(with_({}, [{ ID: tenant.masterAccountId, USERLEVEL: level }]), "INVALID_USERLEVEL", /^ACCOUNTS\[0\]\.USERLEVEL: USERLEVEL/);
    }
    await expectError(with_({}, [{ ID: tenant.masterAccountId }]), "INVALID_USERLEVEL", "ACCOUNTS[0].USERLEVEL: USERLEVEL is required: 1 (Administrator), 2 (Advanced) or 3 (Basic).");

    await unchanged();
  }, 120_000);

  it("all or nothing: an account outside the caller's tree (another tenant's, a sibling's, one above), an inactive one, or a level above the caller's role", async () => {
    const tenant = await makeTenant();
    const other = await makeTenant();
    const partner = await makeChild(tenant, { isPartner: true });
    const below = await makeChild(tenant, { parentId: partner.id });
    const sibling = await makeChild(tenant);
    const suspended = await makeChild(tenant, { parentId: partner.id });
    await suspendMember({ ctx: tenant.owner, input: { accountId: suspended.id } });
    const foreign = await makeChild(other);
    const admin = await userOn(tenant, partner.id, "admin");
    const before = await writtenIn(tenant);
    const users = await prisma.user.count();
    const as = (who: Caller, accounts: { ID: number; USERLEVEL: number }[]) => formPost(params(who, userJson(accounts)));
    const ok = { ID: below.id, USERLEVEL: 3 };

    // the same answer for a missing id, another tenant's and another branch's: nothing tells them apart
    const missing = "Account not found.";
    await expectError(as(admin, [ok, { ID: 999_999_999, USERLEVEL: 3 }]), "ACCOUNT_NOT_FOUND", missing);
    await expectError(as(admin, [ok, { ID: foreign.id, USERLEVEL: 3 }]), "ACCOUNT_NOT_FOUND", missing);
    await expectError(as(ownerOf(tenant), [ok, { ID: foreign.id, USERLEVEL: 3 }]), "ACCOUNT_NOT_FOUND", missing);
    await expectError(as(admin, [ok, { ID: sibling.id, USERLEVEL: 3 }]), "ACCOUNT_NOT_FOUND", missing);
    await expectError(as(admin, [{ ID: tenant.masterAccountId, USERLEVEL: 3 }, ok]), "ACCOUNT_NOT_FOUND", missing);
    await expectError(as(ownerOf(tenant), [ok, { ID: suspended.id, USERLEVEL: 3 }]), "ACCOUNT_NOT_ACTIVE", `${suspended.name} (${suspended.id}), or an account above it, is not active: nobody can be given a role on it.`);
    await expectError(as(admin, [ok, { ID: partner.id, USERLEVEL: 1 }]), "USERLEVEL_NOT_ALLOWED", "An admin cannot give the owner role: nobody grants a role above their own.");

    expect(await writtenIn(tenant)).toEqual(before);
    expect(await prisma.user.count()).toBe(users);
    // a refusal of the caller's target is in its own account's audit log, naming the ids tried
    const denied = await prisma.auditEvent.findFirst({ where: { tenantId: tenant.tenantId, action: "denied", accountId: partner.id }, orderBy: { id: "asc" } });
    expect(denied).toMatchObject({ actorUserId: expect.any(Number), after: { attempted: "POST /api/v3.2/user/create", target: { accountIds: `${below.id}/999999999` }, status: 404 } });
    expect(await prisma.auditEvent.count({ where: { tenantId: other.tenantId, action: "denied" } })).toBe(0);
  });
});
