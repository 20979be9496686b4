// Refusals in the audit log: every adapter (API routes of both surfaces, server actions through requireAccess
// and past it, SMS Central's create) writes one `denied` row for an authenticated caller's refused target, on
// the caller's own account, with what it tried; nothing for a caller nobody knows or for invalid input; and a
// failure to write it never changes the answer.
import { randomUUID } from "node:crypto";
import { afterAll, beforeEach, describe, expect, it, vi } from "vitest";
import { prisma } from "@/lib/db/client";
import { hashPassword } from "@/lib/auth/password";
import type { Role } from "@/lib/db/generated/enums";
import { stopQueue } from "@/lib/jobs/boss";
import { NotFoundError } from "@/lib/domain/errors";
import { createUserWithMembership } from "@/lib/domain/users/internal";
import { apiRequest, keyOf, routeParams } from "@/lib/testing/api-requests";
import { fundMaster, makeChild, makeTenant, TEST_PASSWORD, type TestTenant } from "@/lib/testing/factories";
import * as accountRoute from "@/app/api/v1/accounts/[id]/route";
import * as autoRechargeRoute from "@/app/api/v1/accounts/[id]/auto-recharge/route";
import * as creditRoute from "@/app/api/v1/accounts/[id]/credit/route";
import * as smstoCreditRoute from "@/app/v1/team/user/[id]/credit/route";
import * as smscentralRoute from "@/app/api/v3.2/account/create/route";
import { creditMemberAction } from "@/app/(dashboard)/accounts/[accountId]/actions";
import { suspendMemberAction } from "@/app/(dashboard)/accounts/[accountId]/team/actions";
import { recordIfDenied } from "./record-denial";

// the session a server action sees: the signed-in user's id, as next-auth's JWT carries it
const session = vi.hoisted(() => ({ userId: null as number | null }));
vi.mock("@/lib/auth/auth", () => ({ auth: async () => (session.userId === null ? null : { user: { id: String(session.userId) } }) }));

afterAll(() => stopQueue());
beforeEach(() => {
  session.userId = null;
});

const FROM = { "x-forwarded-for": "192.0.2.44, 10.0.0.1", "user-agent": "denial-test/2.0" };

const deniedRows = (tenant: TestTenant) =>
  prisma.$queryRaw<{ account_id: number; actor_user_id: number | null; actor_api_key_id: number | null; ip: string | null; user_agent: string | null; after: { attempted: string; target: Record<string, unknown>; status: number; code: string }; detail: string }[]>`
    SELECT account_id, actor_user_id, actor_api_key_id, host(ip) AS ip, user_agent, after, detail
      FROM audit_event WHERE tenant_id = ${tenant.tenantId} AND action = 'denied' ORDER BY id`;

async function userOn(tenant: TestTenant, accountId: number, role: Role) {
  const user = await createUserWithMembership(prisma, {
    tenantId: tenant.tenantId,
    accountId,
    email: `u-${randomUUID()}@test.local`,
    name: `A ${role}`,
    passwordHash: await hashPassword(TEST_PASSWORD),
    role,
  });
  return user;
}

describe("API routes", () => {
  it("a key's refused target (a sibling's id, another tenant's id): 404 and one denied row on the key's own account", async () => {
    const tenant = await makeTenant();
    const other = await makeTenant();
    const member = await makeChild(tenant);
    const sibling = await makeChild(tenant);
    const key = await keyOf(tenant, member.id, "member key");
    const get = (id: number) => accountRoute.GET(apiRequest(`/api/v1/accounts/${id}`, key.plaintext, { headers: FROM }), routeParams({ id: String(id) }));

    expect((await get(sibling.id)).status).toBe(404);
    expect((await get(other.masterAccountId)).status).toBe(404);
    expect((await get(member.id)).status).toBe(200);
    const rows = await deniedRows(tenant);
    expect(rows).toEqual([
      {
        account_id: member.id,
        actor_user_id: null,
        actor_api_key_id: key.id,
        ip: "192.0.2.44",
        user_agent: "denial-test/2.0",
        after: { attempted: `GET /api/v1/accounts/${sibling.id}`, target: { id: String(sibling.id) }, status: 404, code: "not_found" },
        detail: "Account not found.",
      },
      expect.objectContaining({ after: expect.objectContaining({ attempted: `GET /api/v1/accounts/${other.masterAccountId}` }) }),
    ]);
    // the other tenant's log says nothing: its id was only named
    expect(await deniedRows(other)).toEqual([]);
  });

  it("a 403 beyond the caller's rights is recorded too; a refused money move moves nothing", async () => {
    const tenant = await makeTenant();
    await fundMaster(tenant, 10_000_000n);
    const member = await makeChild(tenant);
    const sibling = await makeChild(tenant);
    const key = await keyOf(tenant, member.id);
    const put = await autoRechargeRoute.PUT(
      apiRequest(`/api/v1/accounts/${member.id}/auto-recharge`, key.plaintext, { method: "PUT", body: { threshold: "1", amount: "5" } }),
      routeParams({ id: String(member.id) }),
    );
    expect(put.status).toBe(403);
    const credit = await creditRoute.POST(
      apiRequest(`/api/v1/accounts/${sibling.id}/credit`, key.plaintext, { body: { amount: "1" }, headers: { "idempotency-key": randomUUID() } }),
      routeParams({ id: String(sibling.id) }),
    );
    expect(credit.status).toBe(404);
    // SMS.to's surface goes through the same wrapper
    const smsto = await smstoCreditRoute.GET(apiRequest(`/v1/team/user/${sibling.id}/credit?amount=1`, key.plaintext), routeParams({ id: String(sibling.id) }));
    expect(smsto.status).toBe(404);
    const rows = await deniedRows(tenant);
    expect(rows.map((r) => [r.after.status, r.after.attempted])).toEqual([
      [403, `PUT /api/v1/accounts/${member.id}/auto-recharge`],
      [404, `POST /api/v1/accounts/${sibling.id}/credit`],
      [404, `GET /v1/team/user/${sibling.id}/credit`],
    ]);
    expect(await prisma.transfer.count({ where: { tenantId: tenant.tenantId, toAccountId: sibling.id } })).toBe(0);
  });

  it("writes nothing for a caller without a valid key, nor for invalid input", async () => {
    const tenant = await makeTenant();
    const member = await makeChild(tenant);
    const key = await keyOf(tenant, tenant.masterAccountId);
    expect((await accountRoute.GET(apiRequest(`/api/v1/accounts/${member.id}`, null), routeParams({ id: String(member.id) }))).status).toBe(401);
    expect((await accountRoute.GET(apiRequest(`/api/v1/accounts/${member.id}`, `${key.plaintext}x`), routeParams({ id: String(member.id) }))).status).toBe(401);
    const invalid = await creditRoute.POST(
      apiRequest(`/api/v1/accounts/${member.id}/credit`, key.plaintext, { body: { amount: "-1" }, headers: { "idempotency-key": randomUUID() } }),
      routeParams({ id: String(member.id) }),
    );
    expect(invalid.status).toBe(422);
    expect(await deniedRows(tenant)).toEqual([]);
  });
});

describe("server actions (requireAccess and past it)", () => {
  it("a target outside the user's subtree, a role too low and a verb's own refusal: one row each", async () => {
    const tenant = await makeTenant();
    const member = await makeChild(tenant, { isPartner: true });
    const child = await makeChild(tenant, { parentId: member.id });
    const sibling = await makeChild(tenant);
    const owner = await userOn(tenant, member.id, "owner");
    const viewer = await userOn(tenant, member.id, "viewer");

    session.userId = owner.id;
    const outside = await creditMemberAction({ accountId: sibling.id, amount: "1", idempotencyKey: `k-${randomUUID()}` });
    expect(outside).toMatchObject({ ok: false, code: "not_found" });
    // its own account is in its subtree, but it cannot suspend itself: the verb refuses, defineAction records it
    const self = await suspendMemberAction({ accountId: member.id });
    expect(self).toMatchObject({ ok: false, code: "not_found" });
    session.userId = viewer.id;
    const role = await suspendMemberAction({ accountId: child.id });
    expect(role).toMatchObject({ ok: false, code: "forbidden" });

    const rows = await deniedRows(tenant);
    expect(rows.map((r) => ({ user: r.actor_user_id, account: r.account_id, ...r.after }))).toEqual([
      { user: owner.id, account: member.id, attempted: "action creditMember", target: { accountId: sibling.id }, status: 404, code: "not_found" },
      { user: owner.id, account: member.id, attempted: "action suspendMember", target: { accountId: member.id }, status: 404, code: "not_found" },
      { user: viewer.id, account: member.id, attempted: "action suspendMember", target: { accountId: child.id }, status: 403, code: "forbidden" },
    ]);
    expect((await prisma.account.findFirstOrThrow({ where: { tenantId: tenant.tenantId, id: child.id } })).status).toBe("active");
  });
});

describe("SMS Central", () => {
  it("a PARENTACCOUNT outside the user's tree is refused and recorded", async () => {
    const tenant = await makeTenant();
    const partner = await makeChild(tenant, { isPartner: true });
    const sibling = await makeChild(tenant, { isPartner: true });
    const user = await userOn(tenant, partner.id, "owner");
    const body = new URLSearchParams({
      USERNAME: user.email,
      PASSWORD: TEST_PASSWORD,
      ACCOUNT: JSON.stringify({ ACCOUNTNAME: "Sneaky", PARENTACCOUNT: sibling.id, PAYMENTMODEL: "prepaid" }),
    });
    const res = await smscentralRoute.POST(
      new Request("http://subledger.test/api/v3.2/account/create", { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", ...FROM }, body: body.toString() }),
    );
    expect(res.status).toBeGreaterThanOrEqual(400);
    const [row] = await deniedRows(tenant);
    expect(row).toMatchObject({ account_id: partner.id, actor_user_id: user.id, ip: "192.0.2.44", after: { attempted: "POST /api/v3.2/account/create", target: { parentAccountId: sibling.id }, status: 404 } });
    expect(JSON.stringify(row)).not.toContain(TEST_PASSWORD);
  });
});

describe("recordIfDenied", () => {
  it("records one error once, ignores what is not a refusal, and never throws when the row cannot be written", async () => {
    const tenant = await makeTenant();
    const err = new NotFoundError("Account not found.");
    const attempt = { attempted: "GET /somewhere", target: { id: "7", body: "x".repeat(100), nested: { a: 1 } } };
    await recordIfDenied(tenant.owner, attempt, err);
    await recordIfDenied(tenant.owner, attempt, err);
    await recordIfDenied(tenant.owner, attempt, new Error("a bug, not a refusal"));
    const rows = await deniedRows(tenant);
    expect(rows).toHaveLength(1);
    // only short ids of the target are kept
    expect(rows[0].after.target).toEqual({ id: "7" });

    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    // an address PostgreSQL refuses makes the insert fail: logged, swallowed
    await expect(recordIfDenied({ ...tenant.owner, request: { ip: "not-an-ip", userAgent: null } }, attempt, new NotFoundError())).resolves.toBeUndefined();
    expect(log).toHaveBeenCalledWith("could not record a denied request in the audit log", expect.anything());
    log.mockRestore();
    expect(await deniedRows(tenant)).toHaveLength(1);
  });
});
