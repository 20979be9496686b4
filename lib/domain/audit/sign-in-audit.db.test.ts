// Sign-ins in the audit log: a dashboard sign-in in the transaction that records its time, every failure with
// the address tried (in the user's tenant when there is one, else in tenant 0), never a password.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/client";
import { suspendMember } from "@/lib/domain/members/suspend-member";
import { authenticateUser } from "@/lib/domain/users/authenticate-user";
import { makeChild, makeTenant, TEST_PASSWORD } from "@/lib/testing/factories";
import { hashPassword } from "@/lib/auth/password";
import { createUserWithMembership } from "@/lib/domain/users/internal";

const REQUEST = { ip: "2001:db8::7", userAgent: "Mozilla/5.0 (sign-in test)" };

type Row = { id: bigint; tenant_id: number; action: string; account_id: number | null; actor_user_id: number | null; actor_label: string | null; ip: string | null; user_agent: string | null; detail: string | null; xmin: string };

const rowsOf = (tenantId: number, since = 0n) =>
  prisma.$queryRaw<Row[]>`
    SELECT id, tenant_id, action, account_id, actor_user_id, actor_label, host(ip) AS ip, user_agent, detail, xmin::text AS xmin
      FROM audit_event WHERE tenant_id = ${tenantId} AND id > ${since} AND action IN ('signed_in', 'sign_in_failed') ORDER BY id`;

describe("sign-in audit", () => {
  it("a dashboard sign-in: one signed_in row, in the transaction that stamps lastSignInAt", async () => {
    const tenant = await makeTenant();
    expect((await authenticateUser({ email: tenant.ownerEmail, password: TEST_PASSWORD }, { request: REQUEST })).ok).toBe(true);
    const [row, ...rest] = await rowsOf(tenant.tenantId);
    expect(rest).toEqual([]);
    expect(row).toMatchObject({ action: "signed_in", account_id: tenant.masterAccountId, actor_user_id: tenant.ownerUserId, ip: REQUEST.ip, user_agent: REQUEST.userAgent });
    const [user] = await prisma.$queryRaw<{ xmin: string }[]>`SELECT xmin::text AS xmin FROM app_user WHERE id = ${tenant.ownerUserId}`;
    expect(row.xmin).toBe(user.xmin);
  });

  it("failures: a wrong password and an inactive account in the user's tenant, an unknown address in tenant 0; no password anywhere", async () => {
    const tenant = await makeTenant();
    const member = await makeChild(tenant);
    const memberEmail = `m-${randomUUID()}@test.local`;
    await createUserWithMembership(prisma, { tenantId: tenant.tenantId, accountId: member.id, email: memberEmail, name: "Member", passwordHash: await hashPassword(TEST_PASSWORD), role: "owner" });
    await suspendMember({ ctx: tenant.owner, input: { accountId: member.id } });
    const [{ max }] = await prisma.$queryRaw<{ max: bigint | null }[]>`SELECT max(id) AS max FROM audit_event WHERE tenant_id = 0`;

    const wrong = "not the password at all";
    expect(await authenticateUser({ email: tenant.ownerEmail.toUpperCase(), password: wrong }, { request: REQUEST })).toEqual({ ok: false, reason: "invalid_credentials" });
    expect(await authenticateUser({ email: memberEmail, password: TEST_PASSWORD })).toEqual({ ok: false, reason: "account_inactive" });
    const unknown = `nobody-${randomUUID()}@test.local`;
    expect((await authenticateUser({ email: unknown, password: wrong }, { request: REQUEST })).ok).toBe(false);
    // a password typed into the name field is not kept, whether or not it could be a username
    expect((await authenticateUser({ email: TEST_PASSWORD, password: wrong }, { via: "smscentral" })).ok).toBe(false);
    const passwordLike = `hunter2-${randomUUID()}`;
    expect((await authenticateUser({ email: passwordLike, password: wrong })).ok).toBe(false);

    const inTenant = await rowsOf(tenant.tenantId);
    expect(inTenant.map((r) => [r.action, r.account_id, r.actor_user_id, r.actor_label, r.detail])).toEqual([
      ["sign_in_failed", tenant.masterAccountId, null, tenant.ownerEmail, "Wrong password"],
      ["sign_in_failed", member.id, null, memberEmail, "Right password, but the account or one above it is suspended or closed"],
    ]);
    expect(inTenant[0]).toMatchObject({ ip: REQUEST.ip, user_agent: REQUEST.userAgent });
    const noTenant = await rowsOf(0, max ?? 0n);
    expect(noTenant.map((r) => [r.account_id, r.actor_label, r.detail])).toEqual([
      [null, unknown, "Unknown e-mail address"],
      [null, "(not an e-mail address or username)", "Malformed sign-in (SMS Central API)"],
      [null, "(a username)", "Unknown username"],
    ]);
    const all = JSON.stringify([...inTenant, ...noTenant], (_k, v) => (typeof v === "bigint" ? v.toString() : v));
    expect(all).not.toContain(wrong);
    expect(all).not.toContain(TEST_PASSWORD);
    expect(all).not.toContain(passwordLike);
  });

  it("SMS Central's successful calls are not sign-ins: no row, though the time is stamped", async () => {
    const tenant = await makeTenant();
    expect((await authenticateUser({ email: tenant.ownerEmail, password: TEST_PASSWORD }, { via: "smscentral" })).ok).toBe(true);
    expect(await rowsOf(tenant.tenantId)).toEqual([]);
    expect((await prisma.user.findUniqueOrThrow({ where: { id: tenant.ownerUserId } })).lastSignInAt).toBeInstanceOf(Date);
  });
});
