import { describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/client";
import { ConflictError, ForbiddenError, NotFoundError } from "@/lib/domain/errors";
import { contextFor, makeChild, makeTenant, type TestTenant } from "@/lib/testing/factories";
import { inviteWithToken, useTestMailbox, tokenFromMail } from "@/lib/testing/invitations";
import { acceptInvitation } from "./accept-invitation";
import { findInvitationForLink } from "./invitation-queries";
import { INVITATION_TTL_MS } from "./invitation-token";
import { hashLinkToken } from "@/lib/domain/link-token";
import { resendInvitation } from "./resend-invitation";
import { revokeInvitation } from "./revoke-invitation";
import { rejection } from "@/lib/testing/assertions";

const mailbox = useTestMailbox();


const PASSWORD = "a long enough password";
const invitationRow = (tenant: TestTenant, id: number) =>
  prisma.invitation.findUniqueOrThrow({ where: { tenantId_id: { tenantId: tenant.tenantId, id } } });

/** The tokens of every mail to `email`, in no particular order. */
const tokensMailedTo = async (email: string) => (await mailbox.mailsTo(email)).map(tokenFromMail);

describe("resendInvitation", () => {
  it("mails a new link with a new expiry, and the old link stops working", async () => {
    const tenant = await makeTenant();
    const { invitation, token: oldToken } = await inviteWithToken(mailbox, tenant);
    const before = await invitationRow(tenant, invitation.id);
    await prisma.invitation.update({ where: { tenantId_id: { tenantId: tenant.tenantId, id: invitation.id } }, data: { lastSentAt: new Date(Date.now() - 86_400_000), expiresAt: new Date(Date.now() + 5 * 86_400_000) } });

    const { mailSent } = await resendInvitation({ ctx: tenant.owner, input: { invitationId: invitation.id } });
    expect(mailSent).toBe(true);
    const tokens = await tokensMailedTo(invitation.email);
    expect(tokens).toHaveLength(2);
    const newToken = tokens.find((t) => t !== oldToken)!;
    expect(newToken).toBeDefined();

    const after = await invitationRow(tenant, invitation.id);
    expect(after.tokenHash).toBe(hashLinkToken(newToken));
    expect(after.tokenHash).not.toBe(before.tokenHash);
    expect(after.status).toBe("pending");
    expect(after.expiresAt.getTime() - after.lastSentAt.getTime()).toBe(INVITATION_TTL_MS);
    expect(after.lastSentAt.getTime()).toBeGreaterThan(Date.now() - 60_000);

    expect(await findInvitationForLink(oldToken)).toBeNull();
    expect(await rejection(acceptInvitation({ token: oldToken, name: "Old link", password: PASSWORD }))).toBeInstanceOf(NotFoundError);
    expect((await findInvitationForLink(newToken))?.status).toBe("pending");
    const accepted = await acceptInvitation({ token: newToken, name: "New link", password: PASSWORD });
    expect(accepted.email).toBe(invitation.email);
  });

  it("revives an expired invitation", async () => {
    const tenant = await makeTenant();
    const { invitation, token } = await inviteWithToken(mailbox, tenant);
    await prisma.invitation.update({ where: { tenantId_id: { tenantId: tenant.tenantId, id: invitation.id } }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect((await findInvitationForLink(token))?.status).toBe("expired");
    await resendInvitation({ ctx: tenant.owner, input: { invitationId: invitation.id } });
    const newToken = (await tokensMailedTo(invitation.email)).find((t) => t !== token)!;
    expect((await findInvitationForLink(newToken))?.status).toBe("pending");
    expect((await acceptInvitation({ token: newToken, name: "Revived", password: PASSWORD })).email).toBe(invitation.email);
  });

  it("refuses an accepted or revoked invitation, and mails nothing", async () => {
    const tenant = await makeTenant();
    const accepted = await inviteWithToken(mailbox, tenant);
    await acceptInvitation({ token: accepted.token, name: "Accepted", password: PASSWORD });
    const revoked = await inviteWithToken(mailbox, tenant);
    await revokeInvitation({ ctx: tenant.owner, input: { invitationId: revoked.invitation.id } });
    for (const { invitation } of [accepted, revoked]) {
      const before = await invitationRow(tenant, invitation.id);
      const err = await rejection(resendInvitation({ ctx: tenant.owner, input: { invitationId: invitation.id } }));
      expect(err).toBeInstanceOf(ConflictError);
      expect(err).toMatchObject({ code: "invitation_not_pending" });
      expect(await invitationRow(tenant, invitation.id)).toEqual(before);
      expect(await mailbox.mailsTo(invitation.email)).toHaveLength(1);
    }
  });

  it("refuses a viewer, and treats another branch's or tenant's invitation as not found", async () => {
    const tenant = await makeTenant();
    const other = await makeTenant();
    const branchA = await makeChild(tenant, { isPartner: true });
    const branchB = await makeChild(tenant, { isPartner: true });
    const inB = await inviteWithToken(mailbox, tenant, { accountId: branchB.id });
    const inOther = await inviteWithToken(mailbox, other);
    const before = await invitationRow(tenant, inB.invitation.id);

    const viewer = await rejection(resendInvitation({ ctx: contextFor(tenant, tenant.masterAccountId, "viewer"), input: { invitationId: inB.invitation.id } }));
    expect(viewer).toBeInstanceOf(ForbiddenError);
    const sibling = await rejection(resendInvitation({ ctx: contextFor(tenant, branchA.id), input: { invitationId: inB.invitation.id } }));
    expect(sibling).toBeInstanceOf(NotFoundError);
    const foreign = await rejection(resendInvitation({ ctx: tenant.owner, input: { invitationId: inOther.invitation.id } }));
    expect(foreign).toBeInstanceOf(NotFoundError);
    expect(await invitationRow(tenant, inB.invitation.id)).toEqual(before);
    expect(await mailbox.mailsTo(inB.invitation.email)).toHaveLength(1);

    // an admin of the branch itself may
    expect((await resendInvitation({ ctx: contextFor(tenant, branchB.id, "admin"), input: { invitationId: inB.invitation.id } })).mailSent).toBe(true);
  });

  it("refuses when the address became a user in the meantime", async () => {
    const tenant = await makeTenant();
    const { invitation } = await inviteWithToken(mailbox, tenant);
    await prisma.user.create({ data: { email: invitation.email, name: "Created directly", passwordHash: "x" } });
    expect(await rejection(resendInvitation({ ctx: tenant.owner, input: { invitationId: invitation.id } }))).toMatchObject({ code: "email_taken" });
  });
});
