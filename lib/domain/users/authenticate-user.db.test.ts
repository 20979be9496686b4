import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/client";
import { hashPassword } from "@/lib/auth/password";
import type { Role } from "@/lib/db/generated/enums";
import { authenticateUser } from "@/lib/domain/users/authenticate-user";
import { makeChild, makeTenant, TEST_PASSWORD, type TestTenant } from "@/lib/testing/factories";

const INVALID = { ok: false, reason: "invalid_credentials" } as const;
const INACTIVE = { ok: false, reason: "account_inactive" } as const;

async function makeUser(tenant: TestTenant, accountId: number, role: Role = "owner") {
  const email = `member-${randomUUID()}@test.local`;
  const user = await prisma.user.create({ data: { email, name: "Member User", passwordHash: await hashPassword(TEST_PASSWORD) } });
  await prisma.membership.create({ data: { tenantId: tenant.tenantId, userId: user.id, accountId, role } });
  return user;
}

const setStatus = (tenant: TestTenant, id: number, status: "active" | "suspended" | "closed") =>
  prisma.account.update({ where: { tenantId_id: { tenantId: tenant.tenantId, id } }, data: { status } });

describe("authenticateUser", () => {
  it("signs in with the right password and records the time", async () => {
    const tenant = await makeTenant();
    const result = await authenticateUser({ email: tenant.ownerEmail, password: TEST_PASSWORD });
    expect(result).toEqual({
      ok: true,
      user: { id: tenant.ownerUserId, email: tenant.ownerEmail, username: null, name: "Test Owner", sessionVersion: 0 },
      accountId: tenant.masterAccountId,
    });
    const user = await prisma.user.findUniqueOrThrow({ where: { id: tenant.ownerUserId } });
    expect(user.lastSignInAt).toBeInstanceOf(Date);
  });

  it("gives the same answer for a wrong password and an unknown e-mail", async () => {
    const tenant = await makeTenant();
    const wrongPassword = await authenticateUser({ email: tenant.ownerEmail, password: `${TEST_PASSWORD}!` });
    const unknownEmail = await authenticateUser({ email: `nobody-${randomUUID()}@test.local`, password: TEST_PASSWORD });
    expect(wrongPassword).toEqual(INVALID);
    expect(unknownEmail).toEqual(INVALID);
    expect(await authenticateUser({ email: tenant.ownerEmail, password: TEST_PASSWORD.toUpperCase() })).toEqual(INVALID);
    const user = await prisma.user.findUniqueOrThrow({ where: { id: tenant.ownerUserId } });
    expect(user.lastSignInAt).toBeNull();
  });

  it("treats the e-mail case-insensitively and ignores surrounding spaces", async () => {
    const tenant = await makeTenant();
    for (const email of [tenant.ownerEmail.toUpperCase(), `  ${tenant.ownerEmail}  `, tenant.ownerEmail.replace(/^o/, "O")]) {
      const result = await authenticateUser({ email, password: TEST_PASSWORD });
      expect(result).toEqual({ ok: true, user: expect.objectContaining({ id: tenant.ownerUserId, email: tenant.ownerEmail }), accountId: tenant.masterAccountId });
    }
  });

  it("keeps the password case- and space-sensitive", async () => {
    const tenant = await makeTenant();
    expect(await authenticateUser({ email: tenant.ownerEmail, password: ` ${TEST_PASSWORD}` })).toEqual(INVALID);
  });

  it("signs in a user of a sub-account", async () => {
    const tenant = await makeTenant();
    const child = await makeChild(tenant);
    const user = await makeUser(tenant, child.id, "viewer");
    expect(await authenticateUser({ email: user.email, password: TEST_PASSWORD })).toEqual({
      ok: true,
      user: { id: user.id, email: user.email, username: null, name: "Member User", sessionVersion: 0 },
      accountId: child.id,
    });
  });

  it("refuses the user of a suspended account, and says so only after a correct password", async () => {
    const tenant = await makeTenant();
    await setStatus(tenant, tenant.masterAccountId, "suspended");
    expect(await authenticateUser({ email: tenant.ownerEmail, password: TEST_PASSWORD })).toEqual(INACTIVE);
    expect(await authenticateUser({ email: tenant.ownerEmail, password: "wrong password" })).toEqual(INVALID);
    await setStatus(tenant, tenant.masterAccountId, "active");
    expect(await authenticateUser({ email: tenant.ownerEmail, password: TEST_PASSWORD })).toMatchObject({ ok: true });
  });

  it("refuses the user of an account whose parent (or any ancestor) is suspended", async () => {
    const tenant = await makeTenant();
    const partner = await makeChild(tenant, { isPartner: true });
    const child = await makeChild(tenant, { parentId: partner.id });
    const user = await makeUser(tenant, child.id);
    expect(await authenticateUser({ email: user.email, password: TEST_PASSWORD })).toMatchObject({ ok: true });
    await setStatus(tenant, partner.id, "suspended");
    expect(await authenticateUser({ email: user.email, password: TEST_PASSWORD })).toEqual(INACTIVE);
    await setStatus(tenant, partner.id, "active");
    await setStatus(tenant, tenant.masterAccountId, "suspended");
    expect(await authenticateUser({ email: user.email, password: TEST_PASSWORD })).toEqual(INACTIVE);
  });

  it("refuses the user of a closed account", async () => {
    const tenant = await makeTenant();
    const child = await makeChild(tenant);
    const user = await makeUser(tenant, child.id);
    await setStatus(tenant, child.id, "closed");
    expect(await authenticateUser({ email: user.email, password: TEST_PASSWORD })).toEqual(INACTIVE);
  });

  it("does not cut off the users of a sibling or of the parent when a child is suspended", async () => {
    const tenant = await makeTenant();
    const suspended = await makeChild(tenant);
    const sibling = await makeChild(tenant);
    const siblingUser = await makeUser(tenant, sibling.id);
    await setStatus(tenant, suspended.id, "suspended");
    expect(await authenticateUser({ email: siblingUser.email, password: TEST_PASSWORD })).toMatchObject({ ok: true });
    expect(await authenticateUser({ email: tenant.ownerEmail, password: TEST_PASSWORD })).toMatchObject({ ok: true });
  });

  it("refuses a user without a membership", async () => {
    const email = `orphan-${randomUUID()}@test.local`;
    await prisma.user.create({ data: { email, name: "Orphan", passwordHash: await hashPassword(TEST_PASSWORD) } });
    expect(await authenticateUser({ email, password: TEST_PASSWORD })).toEqual(INACTIVE);
  });

  it("treats a malformed stored hash as a wrong password", async () => {
    const email = `broken-${randomUUID()}@test.local`;
    await prisma.user.create({ data: { email, name: "Broken", passwordHash: "not-a-phc-string" } });
    expect(await authenticateUser({ email, password: TEST_PASSWORD })).toEqual(INVALID);
  });

  it.each([
    ["no password", (email: string) => ({ email })],
    ["an empty password", (email: string) => ({ email, password: "" })],
    ["a numeric password", (email: string) => ({ email, password: 1234567890 })],
    ["a too long password", (email: string) => ({ email, password: "x".repeat(1025) })],
    ["no e-mail", () => ({ password: TEST_PASSWORD })],
    ["a non e-mail", () => ({ email: "not-an-email", password: TEST_PASSWORD })],
    ["an e-mail array", (email: string) => ({ email: [email], password: TEST_PASSWORD })],
    ["null", () => null],
    ["undefined", () => undefined],
    ["a string", (email: string) => `${email}:${TEST_PASSWORD}`],
  ])("refuses malformed input (%s) as invalid credentials", async (_label, build) => {
    const tenant = await makeTenant();
    expect(await authenticateUser(build(tenant.ownerEmail))).toEqual(INVALID);
  });
});
