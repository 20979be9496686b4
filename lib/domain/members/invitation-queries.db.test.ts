import { describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/client";
import { NotFoundError } from "@/lib/domain/errors";
import { contextFor, makeChild, makeTenant, type TestTenant } from "@/lib/testing/factories";
import { invite, inviteWithToken, useTestMailbox } from "@/lib/testing/invitations";
import { acceptInvitation } from "./accept-invitation";
import { findInvitationForLink, listInvitations } from "./invitation-queries";
import { generateLinkToken } from "@/lib/domain/link-token";
import { revokeInvitation } from "./revoke-invitation";

const mailbox = useTestMailbox();

const PASSWORD = "a long enough password";

/** Every row the invitation flow touches, to prove that a read changed nothing. */
async function snapshot(tenant: TestTenant) {
  const [invitations, accounts, users] = await Promise.all([
    prisma.invitation.findMany({ where: { tenantId: tenant.tenantId }, orderBy: { id: "asc" } }),
    prisma.account.findMany({ where: { tenantId: tenant.tenantId }, orderBy: { id: "asc" } }),
    prisma.user.count(),
  ]);
  return { invitations, accounts, users };
}

const expire = (tenant: TestTenant, id: number) =>
  prisma.invitation.update({ where: { tenantId_id: { tenantId: tenant.tenantId, id } }, data: { expiresAt: new Date(Date.now() - 1000) } });

describe("findInvitationForLink", () => {
  it("shows who invited whom to which account, without the hash, and changes nothing", async () => {
    const tenant = await makeTenant();
    const partner = await makeChild(tenant, { isPartner: true, name: "Partner Ltd" });
    const { invitation, token } = await inviteWithToken(mailbox, tenant, { accountId: partner.id, role: "viewer" });
    const before = await snapshot(tenant);
    const view = await findInvitationForLink(token);
    const master = await prisma.tenant.findUniqueOrThrow({ where: { id: tenant.tenantId } });
    expect(view).toEqual({
      status: "pending",
      isAccountActive: true,
      email: invitation.email,
      role: "viewer",
      inviterName: "Test Owner",
      accountName: "Partner Ltd",
      tenantName: master.name,
      expiresAt: invitation.expiresAt.toISOString(),
      kind: "new_member",
      hasUser: false,
    });
    expect(JSON.stringify(view)).not.toMatch(/[0-9a-f]{64}/);
    await findInvitationForLink(token); // opening the link twice is still a read
    expect(await snapshot(tenant)).toEqual(before);
  });

  it("computes expired, revoked and accepted", async () => {
    const tenant = await makeTenant();
    const expired = await inviteWithToken(mailbox, tenant);
    await expire(tenant, expired.invitation.id);
    const revoked = await inviteWithToken(mailbox, tenant);
    await revokeInvitation({ ctx: tenant.owner, input: { invitationId: revoked.invitation.id } });
    const accepted = await inviteWithToken(mailbox, tenant);
    await acceptInvitation({ token: accepted.token, name: "Accepted", password: PASSWORD });
    expect((await findInvitationForLink(expired.token))?.status).toBe("expired");
    expect((await findInvitationForLink(revoked.token))?.status).toBe("revoked");
    expect((await findInvitationForLink(accepted.token))?.status).toBe("accepted");
  });

  it("returns null for an unknown or malformed token", async () => {
    for (const token of [generateLinkToken(), "", "short", `${generateLinkToken()}x`]) {
      expect(await findInvitationForLink(token)).toBeNull();
    }
  });
});

describe("listInvitations", () => {
  it("pages the invitations of one account newest first, with computed status and plain values", async () => {
    const tenant = await makeTenant();
    const partner = await makeChild(tenant, { isPartner: true });
    const sent: { id: number; email: string }[] = [];
    for (let i = 0; i < 5; i++) sent.push((await invite(tenant)).invitation);
    await invite(tenant, { accountId: partner.id }); // another account's: not listed

    const first = await listInvitations(tenant.owner, tenant.masterAccountId, { page: 1, pageSize: 2, status: undefined });
    const third = await listInvitations(tenant.owner, tenant.masterAccountId, { page: 3, pageSize: 2, status: undefined });
    expect(first.total).toBe(5);
    expect(first.rows.map((r) => r.id)).toEqual([sent[4].id, sent[3].id]);
    expect(third.rows.map((r) => r.id)).toEqual([sent[0].id]);
    expect(first).toMatchObject({ page: 1, pageSize: 2 });
    expect(first.rows[0]).toMatchObject({ email: sent[4].email, role: "admin", status: "pending", invitedBy: "Test Owner", member: null });
    expect(JSON.parse(JSON.stringify(first))).toEqual(first); // serialisable as is: no Dates, no bigints
    expect(first.rows[0]).not.toHaveProperty("tokenHash");
  });

  it("filters by status, where expired means pending past its expiry", async () => {
    const tenant = await makeTenant();
    const pending = (await invite(tenant)).invitation;
    const expired = (await invite(tenant)).invitation;
    await expire(tenant, expired.id);
    const revoked = (await invite(tenant)).invitation;
    await revokeInvitation({ ctx: tenant.owner, input: { invitationId: revoked.id } });
    const accepted = await inviteWithToken(mailbox, tenant, { accountName: "Joined Co" });
    const { memberAccountId } = await acceptInvitation({ token: accepted.token, name: "Joiner", password: PASSWORD });

    const ids = async (status?: "pending" | "accepted" | "expired" | "revoked") =>
      (await listInvitations(tenant.owner, tenant.masterAccountId, { page: 1, pageSize: 25, status })).rows.map((r) => [r.id, r.status]);
    expect(await ids("pending")).toEqual([[pending.id, "pending"]]);
    expect(await ids("expired")).toEqual([[expired.id, "expired"]]);
    expect(await ids("revoked")).toEqual([[revoked.id, "revoked"]]);
    expect(await ids("accepted")).toEqual([[accepted.invitation.id, "accepted"]]);
    expect(await ids()).toHaveLength(4);

    const [acceptedRow] = (await listInvitations(tenant.owner, tenant.masterAccountId, { page: 1, pageSize: 25, status: "accepted" })).rows;
    expect(acceptedRow.member).toEqual({ id: memberAccountId, name: "Joined Co" });
    expect(acceptedRow.acceptedAt).toEqual(expect.any(String));
  });

  it("treats an account outside the caller's subtree as not found, and lets a viewer read", async () => {
    const tenant = await makeTenant();
    const branchA = await makeChild(tenant, { isPartner: true });
    const branchB = await makeChild(tenant, { isPartner: true });
    await invite(tenant, { accountId: branchB.id });
    const query = { page: 1, pageSize: 25 as const, status: undefined };
    await expect(listInvitations(contextFor(tenant, branchA.id), branchB.id, query)).rejects.toBeInstanceOf(NotFoundError);
    await expect(listInvitations(contextFor(tenant, branchA.id), tenant.masterAccountId, query)).rejects.toBeInstanceOf(NotFoundError);
    expect((await listInvitations(contextFor(tenant, branchB.id, "viewer"), branchB.id, query)).total).toBe(1);
  });
});
