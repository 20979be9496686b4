import { describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/client";
import { ConflictError, DomainError, ForbiddenError, NotFoundError } from "@/lib/domain/errors";
import { contextFor, makeChild, makeTenant, type TestTenant } from "@/lib/testing/factories";
import { inviteWithToken, useTestMailbox } from "@/lib/testing/invitations";
import { acceptInvitation } from "./accept-invitation";
import { findInvitationForLink } from "./invitation-queries";
import { revokeInvitation } from "./revoke-invitation";
import { rejection } from "@/lib/testing/assertions";

const mailbox = useTestMailbox();


const PASSWORD = "a long enough password";
const invitationRow = (tenant: TestTenant, id: number) =>
  prisma.invitation.findUniqueOrThrow({ where: { tenantId_id: { tenantId: tenant.tenantId, id } } });

describe("revokeInvitation", () => {
  it("marks the invitation revoked, and its link is refused from then on", async () => {
    const tenant = await makeTenant();
    const { invitation, token } = await inviteWithToken(mailbox, tenant);
    const revoked = await revokeInvitation({ ctx: contextFor(tenant, tenant.masterAccountId, "admin"), input: { invitationId: invitation.id } });
    expect(revoked).toMatchObject({ id: invitation.id, status: "revoked" });
    expect(revoked).not.toHaveProperty("tokenHash");
    const row = await invitationRow(tenant, invitation.id);
    expect(row).toMatchObject({ status: "revoked", revokedAt: expect.any(Date), acceptedAt: null, memberAccountId: null });
    expect((await findInvitationForLink(token))?.status).toBe("revoked");
    const accounts = await prisma.account.count({ where: { tenantId: tenant.tenantId } });
    expect(await rejection(acceptInvitation({ token, name: "Too late", password: PASSWORD }))).toMatchObject({ code: "invitation_revoked" });
    expect(await prisma.account.count({ where: { tenantId: tenant.tenantId } })).toBe(accounts);
  });

  it("refuses an invitation that is no longer pending", async () => {
    const tenant = await makeTenant();
    const revoked = await inviteWithToken(mailbox, tenant);
    await revokeInvitation({ ctx: tenant.owner, input: { invitationId: revoked.invitation.id } });
    const accepted = await inviteWithToken(mailbox, tenant);
    await acceptInvitation({ token: accepted.token, name: "Accepted", password: PASSWORD });
    for (const { invitation } of [revoked, accepted]) {
      const before = await invitationRow(tenant, invitation.id);
      const err = await rejection(revokeInvitation({ ctx: tenant.owner, input: { invitationId: invitation.id } }));
      expect(err).toBeInstanceOf(ConflictError);
      expect(err).toMatchObject({ code: "invitation_not_pending" });
      expect(await invitationRow(tenant, invitation.id)).toEqual(before);
    }
  });

  it("refuses a viewer, and treats another branch's or tenant's invitation as not found", async () => {
    const tenant = await makeTenant();
    const other = await makeTenant();
    const branchA = await makeChild(tenant, { isPartner: true });
    const branchB = await makeChild(tenant, { isPartner: true });
    const inB = await inviteWithToken(mailbox, tenant, { accountId: branchB.id });
    const inOther = await inviteWithToken(mailbox, other);

    expect(await rejection(revokeInvitation({ ctx: contextFor(tenant, tenant.masterAccountId, "viewer"), input: { invitationId: inB.invitation.id } }))).toBeInstanceOf(ForbiddenError);
    expect(await rejection(revokeInvitation({ ctx: contextFor(tenant, branchA.id), input: { invitationId: inB.invitation.id } }))).toBeInstanceOf(NotFoundError);
    expect(await rejection(revokeInvitation({ ctx: tenant.owner, input: { invitationId: inOther.invitation.id } }))).toBeInstanceOf(NotFoundError);
    expect((await invitationRow(tenant, inB.invitation.id)).status).toBe("pending");
    expect((await invitationRow(other, inOther.invitation.id)).status).toBe("pending");
  });

  it("lets exactly one of a concurrent revoke and accept win", async () => {
    const tenant = await makeTenant();
    for (let round = 0; round < 5; round++) {
      const { invitation, token } = await inviteWithToken(mailbox, tenant);
      const [revoke, accept] = await Promise.allSettled([
        // staggered, so that across the rounds the revoke lands before, during and after the accept's transaction
        new Promise((r) => setTimeout(r, round * 80)).then(() => revokeInvitation({ ctx: tenant.owner, input: { invitationId: invitation.id } })),
        acceptInvitation({ token, name: `Racer ${round}`, password: PASSWORD }),
      ]);
      const row = await invitationRow(tenant, invitation.id);
      const member = await prisma.user.findUnique({ where: { email: invitation.email } });
      if (row.status === "revoked") {
        expect(revoke.status).toBe("fulfilled");
        expect(accept.status === "rejected" && (accept.reason as DomainError).code).toBe("invitation_revoked");
        expect(member).toBeNull();
      } else {
        expect(row.status).toBe("accepted");
        expect(accept.status).toBe("fulfilled");
        expect(revoke.status === "rejected" && (revoke.reason as DomainError).code).toBe("invitation_not_pending");
        expect(member).not.toBeNull();
      }
    }
  });
});
