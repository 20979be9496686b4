import { afterAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/client";
import { AccountStateError, ConflictError, DomainError, LimitExceededError, NotFoundError, ValidationError } from "@/lib/domain/errors";
import { findLedgerDiscrepancies } from "@/lib/domain/ledger/reconcile";
import { authenticateUser } from "@/lib/domain/users/authenticate-user";
import { makeChild, makeTenant, TEST_PASSWORD, type TestTenant } from "@/lib/testing/factories";
import { inviteWithToken, useTestMailbox } from "@/lib/testing/invitations";
import { acceptInvitation } from "./accept-invitation";
import { findInvitationForLink } from "./invitation-queries";
import { generateLinkToken } from "@/lib/domain/link-token";
import { rejection } from "@/lib/testing/assertions";

const mailbox = useTestMailbox();
afterAll(async () => {
  expect(await findLedgerDiscrepancies()).toEqual([]);
});


const PASSWORD = "a long enough password";

/** Everything accepting may create: compared before and after to prove that a refusal created nothing. */
async function footprint(tenant: TestTenant) {
  const [accounts, memberships, users] = await Promise.all([
    prisma.account.count({ where: { tenantId: tenant.tenantId } }),
    prisma.membership.count({ where: { tenantId: tenant.tenantId } }),
    prisma.user.count(),
  ]);
  return { accounts, memberships, users };
}

const invitationRow = (tenant: TestTenant, id: number) =>
  prisma.invitation.findUniqueOrThrow({ where: { tenantId_id: { tenantId: tenant.tenantId, id } } });

describe("acceptInvitation", () => {
  it("creates the member account with the invited settings, its user with the invited role, and consumes the link", async () => {
    const tenant = await makeTenant();
    const partner = await makeChild(tenant, { isPartner: true, name: "Partner" });
    const { invitation, token } = await inviteWithToken(mailbox, tenant, {
      accountId: partner.id,
      role: "viewer",
      accountName: "Invited Co",
      paymentModel: "postpaid",
      invoicingAccountId: tenant.masterAccountId,
      monthlyVolumeLimit: 25_000,
      isPartner: true,
    });

    const result = await acceptInvitation({ token, name: "  Ivy Invitee ", password: PASSWORD });
    expect(result.email).toBe(invitation.email);

    const account = await prisma.account.findUniqueOrThrow({ where: { tenantId_id: { tenantId: tenant.tenantId, id: result.memberAccountId } } });
    expect(account).toMatchObject({
      parentId: partner.id,
      depth: 2,
      path: [tenant.masterAccountId, partner.id, account.id],
      name: "Invited Co",
      contactEmail: invitation.email,
      status: "active",
      paymentModel: "postpaid",
      invoicingAccountId: tenant.masterAccountId,
      monthlyVolumeLimit: 25_000,
      isPartner: true,
      currency: "EUR",
      balance: 0n,
    });
    const user = await prisma.user.findUniqueOrThrow({ where: { email: invitation.email }, include: { memberships: true } });
    expect(user.name).toBe("Ivy Invitee");
    expect(user.passwordHash).toMatch(/^\$argon2id\$/);
    expect(user.memberships).toEqual([expect.objectContaining({ tenantId: tenant.tenantId, accountId: account.id, role: "viewer" })]);
    expect(await invitationRow(tenant, invitation.id)).toMatchObject({ status: "accepted", memberAccountId: account.id, acceptedAt: expect.any(Date) });

    // the new user signs in with the chosen password
    const signIn = await authenticateUser({ email: invitation.email.toUpperCase(), password: PASSWORD });
    expect(signIn).toMatchObject({ ok: true, user: { id: user.id, email: invitation.email } });
  });

  it("names the account after the invitee when the inviter gave no name, and a postpaid member invoices itself", async () => {
    const tenant = await makeTenant();
    const { token } = await inviteWithToken(mailbox, tenant, { accountName: "", paymentModel: "postpaid", role: "owner" });
    const { memberAccountId } = await acceptInvitation({ token, name: "Ivy Invitee", password: PASSWORD });
    const account = await prisma.account.findUniqueOrThrow({ where: { tenantId_id: { tenantId: tenant.tenantId, id: memberAccountId } } });
    expect(account).toMatchObject({ name: "Ivy Invitee", parentId: tenant.masterAccountId, paymentModel: "postpaid", invoicingAccountId: memberAccountId, monthlyVolumeLimit: null, isPartner: false });
    expect(await prisma.membership.findFirst({ where: { tenantId: tenant.tenantId, accountId: memberAccountId } })).toMatchObject({ role: "owner" });
  });

  it("refuses a missing name or a short password with field errors, and keeps the link usable", async () => {
    const tenant = await makeTenant();
    const { invitation, token } = await inviteWithToken(mailbox, tenant);
    const before = await footprint(tenant);
    const err = await rejection(acceptInvitation({ token, name: "   ", password: "short" }));
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).fieldErrors).toEqual({ name: ["Enter a name."], password: ["Use at least 10 characters."] });
    const tooLong = await rejection(acceptInvitation({ token, name: "x".repeat(121), password: PASSWORD }));
    expect((tooLong as ValidationError).fieldErrors?.name).toEqual(["Keep the name under 120 characters."]);
    expect(await footprint(tenant)).toEqual(before);
    expect((await invitationRow(tenant, invitation.id)).status).toBe("pending");
  });

  it("refuses a link that was already used, and creates nothing the second time", async () => {
    const tenant = await makeTenant();
    const { token } = await inviteWithToken(mailbox, tenant);
    await acceptInvitation({ token, name: "First", password: PASSWORD });
    const before = await footprint(tenant);
    const err = await rejection(acceptInvitation({ token, name: "Second", password: PASSWORD }));
    expect(err).toBeInstanceOf(DomainError);
    expect(err).toMatchObject({ code: "invitation_used", status: 410 });
    expect(await footprint(tenant)).toEqual(before);
  });

  it("refuses an expired link", async () => {
    const tenant = await makeTenant();
    const { invitation, token } = await inviteWithToken(mailbox, tenant);
    await prisma.invitation.update({ where: { tenantId_id: { tenantId: tenant.tenantId, id: invitation.id } }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const before = await footprint(tenant);
    expect(await rejection(acceptInvitation({ token, name: "Late", password: PASSWORD }))).toMatchObject({ code: "invitation_expired" });
    expect(await footprint(tenant)).toEqual(before);
    expect((await invitationRow(tenant, invitation.id)).status).toBe("pending"); // expired is computed, not stored
  });

  it("refuses a revoked link", async () => {
    const tenant = await makeTenant();
    const { invitation, token } = await inviteWithToken(mailbox, tenant);
    await prisma.invitation.update({ where: { tenantId_id: { tenantId: tenant.tenantId, id: invitation.id } }, data: { status: "revoked", revokedAt: new Date() } });
    const before = await footprint(tenant);
    expect(await rejection(acceptInvitation({ token, name: "Withdrawn", password: PASSWORD }))).toMatchObject({ code: "invitation_revoked" });
    expect(await footprint(tenant)).toEqual(before);
  });

  it("treats an unknown or malformed token as not found", async () => {
    for (const token of [generateLinkToken(), "not-a-token", "x".repeat(43) + "'; DROP TABLE invitation; --"]) {
      const err = await rejection(acceptInvitation({ token, name: "Nobody", password: PASSWORD }));
      expect(err).toBeInstanceOf(NotFoundError);
      expect(err.message).toMatch(/not valid/);
    }
  });

  it("refuses while the inviting account or one above it is suspended, and works again once it is active", async () => {
    const tenant = await makeTenant();
    const partner = await makeChild(tenant, { isPartner: true });
    const subPartner = await makeChild(tenant, { parentId: partner.id, isPartner: true });
    const { token } = await inviteWithToken(mailbox, tenant, { accountId: subPartner.id });
    const setStatus = (status: "active" | "suspended") =>
      prisma.account.update({ where: { tenantId_id: { tenantId: tenant.tenantId, id: partner.id } }, data: { status } });
    await setStatus("suspended");
    const before = await footprint(tenant);
    const err = await rejection(acceptInvitation({ token, name: "Waiting", password: PASSWORD }));
    expect(err).toBeInstanceOf(AccountStateError);
    expect(err).toMatchObject({ code: "account_suspended" });
    expect(await findInvitationForLink(token)).toMatchObject({ status: "pending", isAccountActive: false });
    expect(await footprint(tenant)).toEqual(before);
    await setStatus("active");
    expect((await acceptInvitation({ token, name: "Waiting", password: PASSWORD })).email).toMatch(/@test\.local$/);
  });

  it("refuses when the address became a user after the invitation, and rolls the new account back", async () => {
    const tenant = await makeTenant();
    const { invitation, token } = await inviteWithToken(mailbox, tenant);
    await prisma.user.create({ data: { email: invitation.email, name: "Got there first", passwordHash: "x" } });
    const before = await footprint(tenant);
    const err = await rejection(acceptInvitation({ token, name: "Late", password: PASSWORD }));
    expect(err).toBeInstanceOf(ConflictError);
    expect(err).toMatchObject({ code: "email_taken" });
    expect(await footprint(tenant)).toEqual(before);
    expect((await invitationRow(tenant, invitation.id)).status).toBe("pending");
  });

  it("enforces the depth limit again when the tree rules changed since the invitation", async () => {
    const tenant = await makeTenant({ maxDepth: 3 });
    const level1 = await makeChild(tenant, { isPartner: true });
    const { token } = await inviteWithToken(mailbox, tenant, { accountId: level1.id });
    await prisma.tenant.update({ where: { id: tenant.tenantId }, data: { maxDepth: 2 } });
    const before = await footprint(tenant);
    const err = await rejection(acceptInvitation({ token, name: "Too deep", password: PASSWORD }));
    expect(err).toBeInstanceOf(LimitExceededError);
    expect(err).toMatchObject({ code: "depth_limit" });
    expect(await footprint(tenant)).toEqual(before);
  });

  it("of 10 concurrent submits of one link, exactly one creates the member and the others are told it is used", async () => {
    const tenant = await makeTenant();
    const { invitation, token } = await inviteWithToken(mailbox, tenant);
    const before = await footprint(tenant);
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) => acceptInvitation({ token, name: `Racer ${i}`, password: `${PASSWORD} ${i}` })),
    );
    const fulfilled = results.filter((r) => r.status === "fulfilled");
    const rejected = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(fulfilled).toHaveLength(1);
    expect(rejected.map((r) => (r.reason as DomainError).code)).toEqual(Array(9).fill("invitation_used"));

    expect(await footprint(tenant)).toEqual({ accounts: before.accounts + 1, memberships: before.memberships + 1, users: before.users + 1 });
    const users = await prisma.user.findMany({ where: { email: invitation.email } });
    expect(users).toHaveLength(1);
    const row = await invitationRow(tenant, invitation.id);
    expect(row.status).toBe("accepted");
    expect(await prisma.account.count({ where: { tenantId: tenant.tenantId, parentId: tenant.masterAccountId, contactEmail: invitation.email } })).toBe(1);
    // the winner's password is the one that works
    const winner = Number(/Racer (\d+)/.exec(users[0].name)![1]);
    expect(await authenticateUser({ email: invitation.email, password: `${PASSWORD} ${winner}` })).toMatchObject({ ok: true });
    expect(await authenticateUser({ email: invitation.email, password: TEST_PASSWORD })).toMatchObject({ ok: false });
  });
});
