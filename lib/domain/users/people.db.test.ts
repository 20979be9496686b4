// People and access (issue 17): one user in several accounts (the strongest covering role decides), invitations
// to join an account, role changes and removal with their ceilings and the last-owner rule, password reset by
// e-mail, session versions, two-factor sign-in and an account that requires it. On the real database, with the
// real SMTP capture server; the session is the only thing stood in for (next-auth's JWT: a user id and a version).
import { randomUUID } from "node:crypto";
import { afterAll, beforeEach, describe, expect, it, vi } from "vitest";
import { prisma } from "@/lib/db/client";
import { totpCode } from "@/lib/auth/totp";
import { stopQueue } from "@/lib/jobs/boss";
import { DomainError, ForbiddenError, NotFoundError } from "@/lib/domain/errors";
import { acceptInvitation } from "@/lib/domain/members/accept-invitation";
import { deleteMember } from "@/lib/domain/members/delete-member";
import { authenticateUser } from "@/lib/domain/users/authenticate-user";
import { changePassword } from "@/lib/domain/users/change-password";
import { changeUserRole } from "@/lib/domain/users/change-user-role";
import { endOtherSessions } from "@/lib/domain/users/end-other-sessions";
import { inviteColleague } from "@/lib/domain/users/invite-colleague";
import { joinAccount } from "@/lib/domain/users/join-account";
import { listAccountUsers } from "@/lib/domain/users/account-users";
import { removeUser } from "@/lib/domain/users/remove-user";
import { requestPasswordReset } from "@/lib/domain/users/request-password-reset";
import { findPasswordReset, resetPassword } from "@/lib/domain/users/reset-password";
import { setTwoFactorRequirement } from "@/lib/domain/users/set-two-factor-requirement";
import { confirmTwoFactor, disableTwoFactor, startTwoFactor } from "@/lib/domain/users/two-factor";
import { makeChild, makeTenant, TEST_PASSWORD, type TestTenant } from "@/lib/testing/factories";
import { latestTokenFor, newInviteeEmail, TEST_APP_URL, useTestMailbox } from "@/lib/testing/invitations";
import { makeUser } from "@/lib/testing/security-fixture";
import type { DomainContext } from "@/lib/domain/context";
import type { Role } from "@/lib/db/generated/enums";

// the session a page or an action sees: next-auth's JWT carries the user id and the session version
const session = vi.hoisted(() => ({ userId: null as number | null, sv: 0 }));
vi.mock("@/lib/auth/auth", () => ({ auth: async () => (session.userId === null ? null : { user: { id: String(session.userId) }, sv: session.sv }) }));
// outside a Next request React's cache() does not memoise: every call reads the database afresh
const { getViewer, requireAccess, TwoFactorRequiredError } = await import("@/lib/auth/access");

process.env.AUTH_SECRET ??= "people-db-test-auth-secret";
const mailbox = useTestMailbox();
afterAll(() => stopQueue());
beforeEach(() => {
  session.userId = null;
  session.sv = 0;
});

const signInAs = (userId: number, sv = 0) => {
  session.userId = userId;
  session.sv = sv;
};
/** A domain context for `userId` acting with `role` on `accountId` (what requireAccess hands a verb). */
const asUser = (tenant: TestTenant, accountId: number, userId: number, role: Role): DomainContext => ({ ...tenant.owner, accountId, role, actor: { type: "user", userId } });
const codeOf = async (promise: Promise<unknown>) => {
  try {
    await promise;
  } catch (err) {
    return err instanceof DomainError ? err.code : String(err);
  }
  return "ok";
};
/** A client of its own for each test: the reset requests count against the sign-in limits per client. */
let clients = 0;
const testClient = () => ({ ip: `198.51.100.${++clients}`, userAgent: "people-db-test" });
const membershipsOf = (userId: number) => prisma.membership.findMany({ where: { userId }, select: { accountId: true, role: true }, orderBy: { accountId: "asc" } });

describe("one user, several accounts", () => {
  it("an existing user invited into another subtree joins it signed in: one user, two memberships, the covering role decides", async () => {
    const tenant = await makeTenant();
    const left = await makeChild(tenant, { name: "Left", isPartner: true });
    const right = await makeChild(tenant, { name: "Right", isPartner: true });
    const rightLeaf = await makeChild(tenant, { name: "Right leaf", parentId: right.id });
    const ana = await makeUser(tenant, left.id, "owner");

    const { invitation, mailSent } = await inviteColleague({ ctx: tenant.owner, input: { accountId: right.id, email: ana.email, role: "viewer" } });
    expect(mailSent).toBe(true);
    const token = await latestTokenFor(mailbox, ana.email);
    // signed out, the link does not make a second user for a known address
    expect(await codeOf(acceptInvitation({ token, name: "Ana again", password: "another long password" }))).toBe("sign_in_to_accept");
    // someone else signed in cannot take it
    const other = await makeUser(tenant, left.id, "viewer");
    expect(await codeOf(joinAccount({ token, userId: other.id }))).toBe("wrong_user");

    const joined = await joinAccount({ token, userId: ana.id });
    expect(joined).toMatchObject({ accountId: right.id, role: "viewer" });
    expect(await codeOf(joinAccount({ token, userId: ana.id }))).toBe("invitation_used");
    expect(await prisma.user.count({ where: { email: ana.email } })).toBe(1);
    expect(await membershipsOf(ana.id)).toEqual([
      { accountId: left.id, role: "owner" },
      { accountId: right.id, role: "viewer" },
    ]);
    const accepted = await prisma.invitation.findUniqueOrThrow({ where: { tenantId_id: { tenantId: tenant.tenantId, id: invitation.id } } });
    expect(accepted.status).toBe("accepted");

    signInAs(ana.id);
    const viewer = await getViewer();
    expect(viewer?.memberships.map((m) => m.accountId)).toEqual([left.id, right.id]);
    expect((await requireAccess(left.id, "owner")).role).toBe("owner");
    expect((await requireAccess(rightLeaf.id, "viewer")).role).toBe("viewer");
    await expect(requireAccess(rightLeaf.id, "admin")).rejects.toBeInstanceOf(ForbiddenError);
    await expect(requireAccess(tenant.masterAccountId, "viewer")).rejects.toBeInstanceOf(NotFoundError);
  });

  it("of two covering roles the strongest decides: a viewer of the master who owns a branch owns that branch", async () => {
    const tenant = await makeTenant();
    const branch = await makeChild(tenant, { name: "Branch", isPartner: true });
    const leaf = await makeChild(tenant, { name: "Leaf", parentId: branch.id });
    const user = await makeUser(tenant, tenant.masterAccountId, "viewer");
    await prisma.membership.create({ data: { tenantId: tenant.tenantId, accountId: branch.id, userId: user.id, role: "owner" } });
    signInAs(user.id);
    const atLeaf = await requireAccess(leaf.id, "owner");
    expect(atLeaf).toMatchObject({ accountId: branch.id, role: "owner" });
    const atMaster = await requireAccess(tenant.masterAccountId, "viewer");
    expect(atMaster).toMatchObject({ accountId: tenant.masterAccountId, role: "viewer" });
    await expect(requireAccess(tenant.masterAccountId, "admin")).rejects.toBeInstanceOf(ForbiddenError);
  });

  it("a new address invited to join gets a user holding the role on the account itself, not a new account", async () => {
    const tenant = await makeTenant();
    const team = await makeChild(tenant, { name: "Team" });
    const email = newInviteeEmail();
    await inviteColleague({ ctx: tenant.owner, input: { accountId: team.id, email, role: "admin" } });
    const before = await prisma.account.count({ where: { tenantId: tenant.tenantId } });
    const accepted = await acceptInvitation({ token: await latestTokenFor(mailbox, email), name: "Sam", password: "a long password" });
    expect(accepted.email).toBe(email);
    expect(await prisma.account.count({ where: { tenantId: tenant.tenantId } })).toBe(before);
    const user = await prisma.user.findUniqueOrThrow({ where: { email } });
    expect(await membershipsOf(user.id)).toEqual([{ accountId: team.id, role: "admin" }]);
    const users = await listAccountUsers(tenant.owner, team.id);
    expect(users.users.map((u) => [u.email, u.role, u.invitedBy])).toEqual([[email, "admin", "Test Owner"]]);
    expect(users.usersAbove).toBe(1);
  });
});

describe("who may invite, change and remove", () => {
  it("nobody grants a role above their own, viewers invite nobody, and a member already in gets a clear refusal", async () => {
    const tenant = await makeTenant();
    const team = await makeChild(tenant, { name: "Team" });
    const admin = await makeUser(tenant, team.id, "admin");
    const viewer = await makeUser(tenant, team.id, "viewer");
    const asAdmin = asUser(tenant, team.id, admin.id, "admin");
    expect(await codeOf(inviteColleague({ ctx: asAdmin, input: { accountId: team.id, email: newInviteeEmail(), role: "owner" } }))).toBe("forbidden");
    expect(await codeOf(inviteColleague({ ctx: asAdmin, input: { accountId: team.id, email: newInviteeEmail(), role: "admin" } }))).toBe("ok");
    expect(await codeOf(inviteColleague({ ctx: asUser(tenant, team.id, viewer.id, "viewer"), input: { accountId: team.id, email: newInviteeEmail(), role: "viewer" } }))).toBe("forbidden");
    expect(await codeOf(inviteColleague({ ctx: tenant.owner, input: { accountId: team.id, email: viewer.email, role: "admin" } }))).toBe("already_member");
    // an admin does not touch an owner, nor makes one
    const owner = await makeUser(tenant, team.id, "owner");
    expect(await codeOf(changeUserRole({ ctx: asAdmin, input: { accountId: team.id, userId: owner.id, role: "viewer" } }))).toBe("forbidden");
    expect(await codeOf(removeUser({ ctx: asAdmin, input: { accountId: team.id, userId: owner.id } }))).toBe("forbidden");
    expect(await codeOf(changeUserRole({ ctx: asAdmin, input: { accountId: team.id, userId: viewer.id, role: "owner" } }))).toBe("forbidden");
    expect(await changeUserRole({ ctx: asAdmin, input: { accountId: team.id, userId: viewer.id, role: "admin" } })).toEqual({ userId: viewer.id, role: "admin", changed: true });
    // someone outside the subtree is as unknown as a missing one
    const outside = await makeChild(tenant, { name: "Elsewhere" });
    expect(await codeOf(changeUserRole({ ctx: asAdmin, input: { accountId: outside.id, userId: viewer.id, role: "viewer" } }))).toBe("not_found");
  });

  it("the last owner is neither demoted nor removed; of two owners demoting each other at once, one stays", async () => {
    const tenant = await makeTenant();
    const team = await makeChild(tenant, { name: "Team" });
    const first = await makeUser(tenant, team.id, "owner");
    expect(await codeOf(changeUserRole({ ctx: tenant.owner, input: { accountId: team.id, userId: first.id, role: "admin" } }))).toBe("last_owner");
    expect(await codeOf(removeUser({ ctx: tenant.owner, input: { accountId: team.id, userId: first.id } }))).toBe("last_owner");
    const second = await makeUser(tenant, team.id, "owner");
    const results = await Promise.all([
      codeOf(changeUserRole({ ctx: tenant.owner, input: { accountId: team.id, userId: first.id, role: "viewer" } })),
      codeOf(changeUserRole({ ctx: tenant.owner, input: { accountId: team.id, userId: second.id, role: "viewer" } })),
    ]);
    expect(results.sort()).toEqual(["last_owner", "ok"]);
    const owners = await prisma.membership.count({ where: { tenantId: tenant.tenantId, accountId: team.id, role: "owner" } });
    expect(owners).toBe(1);
    // the master's own owner is the tenant's last owner too
    expect(await codeOf(removeUser({ ctx: tenant.owner, input: { accountId: tenant.masterAccountId, userId: tenant.ownerUserId } }))).toBe("last_owner");
  });

  it("a role change holds from the next request, and a removal cuts access there while other memberships stay", async () => {
    const tenant = await makeTenant();
    const team = await makeChild(tenant, { name: "Team", isPartner: true });
    const other = await makeChild(tenant, { name: "Other" });
    const sam = await makeUser(tenant, team.id, "viewer");
    await prisma.membership.create({ data: { tenantId: tenant.tenantId, accountId: other.id, userId: sam.id, role: "viewer" } });
    signInAs(sam.id);
    await expect(requireAccess(team.id, "admin")).rejects.toBeInstanceOf(ForbiddenError);
    await changeUserRole({ ctx: tenant.owner, input: { accountId: team.id, userId: sam.id, role: "admin" } });
    expect((await requireAccess(team.id, "admin")).role).toBe("admin");
    await removeUser({ ctx: tenant.owner, input: { accountId: team.id, userId: sam.id } });
    await expect(requireAccess(team.id, "viewer")).rejects.toBeInstanceOf(NotFoundError);
    expect((await requireAccess(other.id, "viewer")).accountId).toBe(other.id);
    const audit = await prisma.auditEvent.findMany({ where: { tenantId: tenant.tenantId, action: { in: ["user_role_changed", "user_removed"] } }, select: { action: true, accountId: true }, orderBy: { id: "asc" } });
    expect(audit).toEqual([
      { action: "user_role_changed", accountId: team.id },
      { action: "user_removed", accountId: team.id },
    ]);
    // the last membership gone, the user has nowhere to sign in to
    await removeUser({ ctx: tenant.owner, input: { accountId: other.id, userId: sam.id } });
    expect(await getViewer()).toBeNull();
    expect(await authenticateUser({ email: sam.email, password: TEST_PASSWORD })).toMatchObject({ ok: false });
  });

  it("a closed account's roles no longer change, but access to it can still be taken away", async () => {
    const tenant = await makeTenant();
    const team = await makeChild(tenant, { name: "Team" });
    const sam = await makeUser(tenant, team.id, "viewer");
    await deleteMember({ ctx: tenant.owner, input: { accountId: team.id } });
    expect(await codeOf(changeUserRole({ ctx: tenant.owner, input: { accountId: team.id, userId: sam.id, role: "admin" } }))).toBe("account_closed");
    expect(await codeOf(inviteColleague({ ctx: tenant.owner, input: { accountId: team.id, email: newInviteeEmail(), role: "viewer" } }))).toBe("account_closed");
    expect(await codeOf(removeUser({ ctx: tenant.owner, input: { accountId: team.id, userId: sam.id } }))).toBe("ok");
  });
});

describe("password reset", () => {
  const resetLinkOf = async (email: string) => {
    const [mail] = await mailbox.mailsTo(email);
    const match = new RegExp(`${TEST_APP_URL.replace(/[.]/g, "\\.")}/reset-password/([A-Za-z0-9_-]+)`).exec(mail?.text ?? "");
    if (!match) throw new Error(`no reset link mailed to ${email}`);
    return match[1];
  };

  it("mails a single-use link; setting a password with it ends every session and the old password", async () => {
    const tenant = await makeTenant();
    await requestPasswordReset({ input: { email: tenant.ownerEmail }, request: testClient() });
    const token = await resetLinkOf(tenant.ownerEmail);
    expect(await findPasswordReset(token)).toEqual({ email: tenant.ownerEmail });
    signInAs(tenant.ownerUserId, 0);
    expect(await getViewer()).not.toBeNull();

    expect(await resetPassword({ input: { token, password: "a brand new password" } })).toEqual({ email: tenant.ownerEmail });
    expect(await getViewer(), "the session from before the reset is over").toBeNull();
    expect(await authenticateUser({ email: tenant.ownerEmail, password: TEST_PASSWORD })).toMatchObject({ ok: false, reason: "invalid_credentials" });
    expect(await authenticateUser({ email: tenant.ownerEmail, password: "a brand new password" })).toMatchObject({ ok: true });
    expect(await codeOf(resetPassword({ input: { token, password: "yet another password" } })), "used once").toBe("not_found");
    expect(await prisma.auditEvent.count({ where: { tenantId: tenant.tenantId, action: "password_reset" } })).toBe(1);
  });

  it("an expired link and a link replaced by a newer request are dead; of two racing submits one wins", async () => {
    const tenant = await makeTenant();
    const ip = testClient();
    await requestPasswordReset({ input: { email: tenant.ownerEmail }, request: ip });
    const first = await resetLinkOf(tenant.ownerEmail);
    await requestPasswordReset({ input: { email: tenant.ownerEmail }, request: ip });
    const second = await resetLinkOf(tenant.ownerEmail);
    expect(second).not.toBe(first);
    expect(await findPasswordReset(first), "replaced").toBeNull();
    expect(await codeOf(resetPassword({ input: { token: first, password: "a brand new password" } }))).toBe("not_found");

    const results = await Promise.all([
      codeOf(resetPassword({ input: { token: second, password: "racing password one" } })),
      codeOf(resetPassword({ input: { token: second, password: "racing password two" } })),
    ]);
    expect(results.sort()).toEqual(["not_found", "ok"]);
    const user = await prisma.user.findUniqueOrThrow({ where: { id: tenant.ownerUserId }, select: { sessionVersion: true } });
    expect(user.sessionVersion).toBe(1);

    await requestPasswordReset({ input: { email: tenant.ownerEmail }, request: ip });
    const third = await resetLinkOf(tenant.ownerEmail);
    await prisma.singleUseToken.updateMany({ where: { purpose: "password_reset", email: tenant.ownerEmail, usedAt: null, revokedAt: null }, data: { createdAt: new Date(Date.now() - 2 * 3600_000), expiresAt: new Date(Date.now() - 3600_000) } });
    expect(await findPasswordReset(third), "expired").toBeNull();
    expect(await codeOf(resetPassword({ input: { token: third, password: "a brand new password" } }))).toBe("not_found");
  });

  it("answers the same for an unknown address and sends nothing", async () => {
    const email = `nobody-${randomUUID()}@test.local`;
    expect(await requestPasswordReset({ input: { email }, request: testClient() })).toEqual({ email });
    expect(await mailbox.mailsTo(email)).toEqual([]);
  });
});

describe("sessions", () => {
  it("a password change and 'sign out everywhere else' end the sessions of the older version", async () => {
    const tenant = await makeTenant();
    signInAs(tenant.ownerUserId, 0);
    expect(await getViewer()).not.toBeNull();
    expect(await codeOf(changePassword({ userId: tenant.ownerUserId, input: { currentPassword: "not it at all", newPassword: "a brand new password" } }))).toBe("validation_failed");
    const { sessionVersion } = await changePassword({ userId: tenant.ownerUserId, input: { currentPassword: TEST_PASSWORD, newPassword: "a brand new password" } });
    expect(sessionVersion).toBe(1);
    expect(await getViewer()).toBeNull();
    signInAs(tenant.ownerUserId, 1);
    expect(await getViewer()).not.toBeNull();
    const ended = await endOtherSessions({ userId: tenant.ownerUserId });
    expect(ended.sessionVersion).toBe(2);
    expect(await getViewer()).toBeNull();
  });
});

describe("two-factor sign-in", () => {
  async function enrol(userId: number) {
    const { secret } = await startTwoFactor({ userId });
    const { recoveryCodes } = await confirmTwoFactor({ userId, input: { code: totpCode(secret) } });
    return { secret, recoveryCodes };
  }

  it("after enrolment the dashboard asks for a code; a code works once, a recovery code once, SMS Central's API needs none", async () => {
    const tenant = await makeTenant();
    expect(await codeOf(confirmTwoFactor({ userId: tenant.ownerUserId, input: { code: "123456" } }))).toBe("not_started");
    const { secret, recoveryCodes } = await enrol(tenant.ownerUserId);
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    const stored = await prisma.user.findUniqueOrThrow({ where: { id: tenant.ownerUserId }, select: { totpSecret: true } });
    expect(stored.totpSecret, "the secret is sealed, not stored as it is").not.toContain(secret);

    const credentials = { email: tenant.ownerEmail, password: TEST_PASSWORD };
    expect(await authenticateUser(credentials)).toEqual({ ok: false, reason: "code_required" });
    expect(await authenticateUser({ ...credentials, code: "000000" })).toMatchObject({ ok: false, reason: "invalid_code" });
    // the next step's code, inside the ±1 step window: enrolment used the current one, and each works once
    const next = totpCode(secret, Date.now() + 30_000);
    expect(await authenticateUser({ ...credentials, code: next })).toMatchObject({ ok: true });
    expect(await authenticateUser({ ...credentials, code: next }), "the same code again").toMatchObject({ ok: false, reason: "invalid_code" });
    expect(await authenticateUser({ ...credentials, code: recoveryCodes[0].toUpperCase() })).toMatchObject({ ok: true });
    expect(await authenticateUser({ ...credentials, code: recoveryCodes[0] }), "a recovery code is used up").toMatchObject({ ok: false, reason: "invalid_code" });
    expect(await authenticateUser(credentials, { via: "smscentral" })).toMatchObject({ ok: true });
    const signedIn = await prisma.auditEvent.findMany({ where: { tenantId: tenant.tenantId, action: "signed_in" }, select: { detail: true }, orderBy: { id: "asc" } });
    expect(signedIn.map((r) => r.detail)).toEqual(["with an authenticator code", "with a recovery code (9 left)"]);

    expect(await codeOf(disableTwoFactor({ userId: tenant.ownerUserId, input: { password: "wrong password", code: totpCode(secret) } }))).toBe("validation_failed");
    expect(await disableTwoFactor({ userId: tenant.ownerUserId, input: { password: TEST_PASSWORD, code: recoveryCodes[1] } })).toEqual({ disabled: true });
    expect(await authenticateUser(credentials)).toMatchObject({ ok: true });
    expect(await prisma.recoveryCode.count({ where: { userId: tenant.ownerUserId } })).toBe(0);
  });

  it("an account that requires two-factor sends its users without it to set it up, and lets them in once they have", async () => {
    const tenant = await makeTenant();
    const team = await makeChild(tenant, { name: "Team", isPartner: true });
    const leaf = await makeChild(tenant, { name: "Leaf", parentId: team.id });
    const sam = await makeUser(tenant, leaf.id, "owner");
    const asTeamViewer = asUser(tenant, team.id, sam.id, "admin");
    expect(await codeOf(setTwoFactorRequirement({ ctx: asTeamViewer, input: { accountId: team.id, required: true } })), "owners only").toBe("forbidden");
    await setTwoFactorRequirement({ ctx: tenant.owner, input: { accountId: team.id, required: true } });

    signInAs(sam.id);
    expect((await getViewer())?.mustEnrolTwoFactor).toBe(true);
    await expect(requireAccess(leaf.id, "viewer")).rejects.toBeInstanceOf(TwoFactorRequiredError);
    // the master's owner is above the requirement: not concerned
    signInAs(tenant.ownerUserId);
    expect((await getViewer())?.mustEnrolTwoFactor).toBe(false);

    await enrol(sam.id);
    signInAs(sam.id);
    expect((await requireAccess(leaf.id, "owner")).accountId).toBe(leaf.id);
    expect((await listAccountUsers(tenant.owner, leaf.id)).users).toEqual([expect.objectContaining({ userId: sam.id, twoFactor: true })]);
  });

  it("a platform operator with two-factor gives a code too", async () => {
    const email = `operator-${randomUUID()}@test.local`;
    const { hashPassword } = await import("@/lib/auth/password");
    const operator = await prisma.user.create({ data: { email, name: "Op", passwordHash: await hashPassword(TEST_PASSWORD), isOperator: true } });
    const { secret } = await enrol(operator.id);
    expect(await authenticateUser({ email, password: TEST_PASSWORD })).toEqual({ ok: false, reason: "code_required" });
    expect(await authenticateUser({ email, password: TEST_PASSWORD, code: totpCode(secret, Date.now() + 30_000) })).toMatchObject({ ok: true });
  });
});
