import { describe, expect, it, vi } from "vitest";
import { prisma } from "@/lib/db/client";
import { AccountStateError, ConflictError, ForbiddenError, LimitExceededError, NotFoundError, ValidationError } from "@/lib/domain/errors";
import { contextFor, makeChild, makeTenant, type TestTenant } from "@/lib/testing/factories";
import { invite, newInviteeEmail, useTestMailbox, TEST_APP_URL, tokenFromMail } from "@/lib/testing/invitations";
import { findInvitationForLink } from "./invitation-queries";
import { INVITATION_TTL_MS } from "./invitation-token";
import { hashLinkToken } from "@/lib/domain/link-token";
import { rejection } from "@/lib/testing/assertions";

// the real mailer, with a switch that makes the SMTP server look unreachable
const smtp = vi.hoisted(() => ({ down: false }));
vi.mock("@/lib/mail/mailer", async (importOriginal) => {
  const real = await importOriginal<typeof import("@/lib/mail/mailer")>();
  return {
    ...real,
    sendMail: async (message: Parameters<typeof real.sendMail>[0]) => {
      if (smtp.down) throw new Error("connect ECONNREFUSED 127.0.0.1:25");
      return real.sendMail(message);
    },
  };
});

const mailbox = useTestMailbox();


const invitationCount = (tenant: TestTenant) => prisma.invitation.count({ where: { tenantId: tenant.tenantId } });

describe("inviteMember", () => {
  it("stores a pending invitation with only the token's hash, and mails the link", async () => {
    const tenant = await makeTenant();
    const email = newInviteeEmail();
    const before = Date.now();
    const { invitation, mailSent } = await invite(tenant, {
      email: `  ${email.toUpperCase()} `,
      role: "viewer",
      accountName: "Invited Co",
      paymentModel: "postpaid",
      invoicingAccountId: tenant.masterAccountId,
      monthlyVolumeLimit: 25_000,
      isPartner: true,
    });
    expect(mailSent).toBe(true);
    expect(invitation).not.toHaveProperty("tokenHash");

    const row = await prisma.invitation.findUniqueOrThrow({ where: { tenantId_id: { tenantId: tenant.tenantId, id: invitation.id } } });
    expect(row).toMatchObject({
      parentAccountId: tenant.masterAccountId,
      email,
      role: "viewer",
      accountName: "Invited Co",
      paymentModel: "postpaid",
      invoicingAccountId: tenant.masterAccountId,
      monthlyVolumeLimit: 25_000,
      isPartner: true,
      status: "pending",
      invitedByUserId: tenant.ownerUserId,
      memberAccountId: null,
      acceptedAt: null,
      revokedAt: null,
    });
    expect(row.expiresAt.getTime() - row.lastSentAt.getTime()).toBe(INVITATION_TTL_MS);
    expect(row.lastSentAt.getTime()).toBeGreaterThanOrEqual(before - 1000);

    const [mail, ...others] = await mailbox.mailsTo(email);
    expect(others).toEqual([]);
    const token = tokenFromMail(mail);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // the database holds the hash and nowhere the token itself
    expect(row.tokenHash).toBe(hashLinkToken(token));
    expect(JSON.stringify(row)).not.toContain(token);
    const [{ found }] = await prisma.$queryRaw<{ found: bigint }[]>`
      SELECT count(*) AS found FROM invitation i WHERE i::text LIKE ${`%${token}%`}`;
    expect(found).toBe(0n);

    const master = await prisma.account.findFirstOrThrow({ where: { tenantId: tenant.tenantId, id: tenant.masterAccountId } });
    expect(mail.subject).toBe(`Test Owner invited you to ${master.name} on Subledger`);
    expect(mail.to).toEqual([email]);
    expect(mail.text).toContain(`${TEST_APP_URL}/invite/${token}`);
    expect(mail.text).toContain("as a viewer");
    expect(mail.text).toContain(new Intl.DateTimeFormat("en-GB", { dateStyle: "full", timeZone: "UTC" }).format(row.expiresAt));
    expect(mail.html).toContain(`href="${TEST_APP_URL}/invite/${token}"`);
  });

  it("refuses a viewer and lets an admin invite", async () => {
    const tenant = await makeTenant();
    const err = await rejection(invite(tenant, {}, contextFor(tenant, tenant.masterAccountId, "viewer")));
    expect(err).toBeInstanceOf(ForbiddenError);
    expect(await invitationCount(tenant)).toBe(0);
    const { invitation } = await invite(tenant, {}, contextFor(tenant, tenant.masterAccountId, "admin"));
    expect(invitation.status).toBe("pending");
  });

  it("treats a parent in a sibling branch, above the caller or in another tenant as not found", async () => {
    const tenant = await makeTenant();
    const other = await makeTenant();
    const branchA = await makeChild(tenant, { isPartner: true });
    const branchB = await makeChild(tenant, { isPartner: true });
    const ctxA = contextFor(tenant, branchA.id);
    for (const accountId of [branchB.id, tenant.masterAccountId, other.masterAccountId]) {
      expect(await rejection(invite(tenant, { accountId }, ctxA))).toBeInstanceOf(NotFoundError);
    }
    expect(await invitationCount(tenant)).toBe(0);
    expect(await invitationCount(other)).toBe(0);
    const own = await invite(tenant, { accountId: branchA.id }, ctxA);
    expect(own.invitation.parentAccountId).toBe(branchA.id);
  });

  it("refuses an address that already belongs to a user, in any tenant and any case", async () => {
    const tenant = await makeTenant();
    const other = await makeTenant();
    for (const email of [tenant.ownerEmail, other.ownerEmail.toUpperCase()]) {
      const err = await rejection(invite(tenant, { email }));
      expect(err).toBeInstanceOf(ConflictError);
      expect(err).toMatchObject({ code: "email_taken" });
    }
    expect(await invitationCount(tenant)).toBe(0);
    expect(await mailbox.mailsTo(tenant.ownerEmail)).toEqual([]);
  });

  it("replaces a pending invitation of the same address under the same parent, and only there", async () => {
    const tenant = await makeTenant();
    const partner = await makeChild(tenant, { isPartner: true });
    const email = newInviteeEmail();
    const first = await invite(tenant, { email });
    const firstToken = tokenFromMail((await mailbox.mailsTo(email))[0]);
    const elsewhere = await invite(tenant, { email, accountId: partner.id });
    const second = await invite(tenant, { email, role: "owner" });

    const rows = await prisma.invitation.findMany({ where: { tenantId: tenant.tenantId, email }, orderBy: { id: "asc" } });
    expect(rows.map((r) => [r.id, r.status])).toEqual([
      [first.invitation.id, "revoked"],
      [elsewhere.invitation.id, "pending"],
      [second.invitation.id, "pending"],
    ]);
    expect(rows[0].revokedAt).not.toBeNull();
    expect((await findInvitationForLink(firstToken))?.status).toBe("revoked");
  });

  it("keeps one pending invitation when the same address is invited twice at once", async () => {
    const tenant = await makeTenant();
    const email = newInviteeEmail();
    const results = await Promise.all([invite(tenant, { email }), invite(tenant, { email }), invite(tenant, { email })]);
    expect(results.every((r) => r.mailSent)).toBe(true);
    const statuses = await prisma.invitation.groupBy({ by: ["status"], where: { tenantId: tenant.tenantId, email }, _count: true });
    expect(Object.fromEntries(statuses.map((s) => [s.status, s._count]))).toEqual({ pending: 1, revoked: 2 });
  });

  it("refuses a parent that is not a partner, is suspended or closed, and invites nothing", async () => {
    const tenant = await makeTenant();
    const plain = await makeChild(tenant, { isPartner: false });
    const suspended = await makeChild(tenant, { isPartner: true });
    const closed = await makeChild(tenant, { isPartner: true });
    await prisma.account.update({ where: { tenantId_id: { tenantId: tenant.tenantId, id: suspended.id } }, data: { status: "suspended" } });
    await prisma.account.update({ where: { tenantId_id: { tenantId: tenant.tenantId, id: closed.id } }, data: { status: "closed" } });

    const notPartner = await rejection(invite(tenant, { accountId: plain.id }));
    expect(notPartner).toBeInstanceOf(ValidationError);
    expect(notPartner.message).toMatch(/partner/);
    expect(await rejection(invite(tenant, { accountId: suspended.id }))).toMatchObject({ code: "account_suspended" });
    const closedErr = await rejection(invite(tenant, { accountId: closed.id }));
    expect(closedErr).toBeInstanceOf(AccountStateError);
    expect(closedErr).toMatchObject({ code: "account_closed" });
    expect(await invitationCount(tenant)).toBe(0);
  });

  it("refuses a parent on the last level the tenant allows", async () => {
    const tenant = await makeTenant({ maxDepth: 3 });
    const level1 = await makeChild(tenant, { isPartner: true });
    const level2 = await makeChild(tenant, { parentId: level1.id, isPartner: true });
    const err = await rejection(invite(tenant, { accountId: level2.id }));
    expect(err).toBeInstanceOf(LimitExceededError);
    expect(err).toMatchObject({ code: "depth_limit" });
    expect(err.message).toContain("limited to 3 levels");
    expect(await invitationCount(tenant)).toBe(0);
    // one level up is still fine
    expect((await invite(tenant, { accountId: level1.id })).invitation.parentAccountId).toBe(level1.id);
  });

  it("takes as invoicing account only an ancestor of the new member that the inviter can see", async () => {
    const tenant = await makeTenant();
    const branchA = await makeChild(tenant, { isPartner: true });
    const sibling = await makeChild(tenant, { isPartner: true });
    const ctxA = contextFor(tenant, branchA.id);
    const postpaid = { paymentModel: "postpaid" as const, accountId: branchA.id };
    for (const [invoicingAccountId, ctx] of [
      [sibling.id, tenant.owner],
      [tenant.masterAccountId, ctxA], // an ancestor, but above the inviter's own account
    ] as const) {
      const err = await rejection(invite(tenant, { ...postpaid, invoicingAccountId }, ctx));
      expect(err).toBeInstanceOf(ValidationError);
      expect((err as ValidationError).fieldErrors?.invoicingAccountId).toEqual(["The invoicing account must be the account itself or one of its ancestors."]);
    }
    expect(await invitationCount(tenant)).toBe(0);
    expect((await invite(tenant, { ...postpaid, invoicingAccountId: branchA.id }, ctxA)).invitation.parentAccountId).toBe(branchA.id);
    expect((await invite(tenant, { ...postpaid, invoicingAccountId: tenant.masterAccountId })).mailSent).toBe(true);
  });

  it("refuses settings the schema refuses (an invoicing account on a prepaid member, a bad address)", async () => {
    const tenant = await makeTenant();
    await expect(invite(tenant, { paymentModel: "prepaid", invoicingAccountId: tenant.masterAccountId })).rejects.toThrow(/Only postpaid/);
    await expect(invite(tenant, { email: "not an address" })).rejects.toThrow(/valid e-mail/);
    expect(await invitationCount(tenant)).toBe(0);
  });

  it("keeps the invitation when the mail cannot be sent, and says so", async () => {
    const tenant = await makeTenant();
    const email = newInviteeEmail();
    const errorLog = vi.spyOn(console, "error").mockImplementation(() => {});
    smtp.down = true;
    try {
      const { invitation, mailSent } = await invite(tenant, { email });
      expect(mailSent).toBe(false);
      expect(errorLog).toHaveBeenCalledWith("invitation e-mail could not be sent", expect.any(Error));
      const row = await prisma.invitation.findUniqueOrThrow({ where: { tenantId_id: { tenantId: tenant.tenantId, id: invitation.id } } });
      expect(row.status).toBe("pending");
    } finally {
      smtp.down = false;
      errorLog.mockRestore();
    }
    expect(await mailbox.mailsTo(email)).toEqual([]);
  });
});
