import { withTransaction } from "@/lib/db/transaction";
import { roleAllows, type DomainContext } from "@/lib/domain/context";
import { ConflictError, ForbiddenError } from "@/lib/domain/errors";
import { recordAudit } from "@/lib/domain/audit/record-audit";
import { getInvitationForUpdate, INVITATION_SUMMARY_SELECT } from "./invitation-queries";
import { invitationActionSchema } from "./invitation-schemas";

/** Withdraws a pending invitation: its link then shows the "revoked" page and creates nothing. */
export async function revokeInvitation({ ctx, input }: { ctx: DomainContext; input: { invitationId: number } }) {
  if (!roleAllows(ctx.role, "admin")) throw new ForbiddenError("Only owners and admins can revoke invitations.");
  const { invitationId } = invitationActionSchema.pick({ invitationId: true }).parse(input);
  return withTransaction(ctx, async (tx) => {
    // locked, so that a revoke and an accept of the same invitation cannot both win
    const current = await getInvitationForUpdate(tx, ctx, invitationId);
    if (current.status !== "pending") {
      throw new ConflictError("invitation_not_pending", `This invitation was already ${current.status}: it cannot be revoked.`);
    }
    const revoked = await tx.invitation.update({
      where: { tenantId_id: { tenantId: ctx.tenantId, id: current.id } },
      data: { status: "revoked", revokedAt: new Date() },
      select: INVITATION_SUMMARY_SELECT,
    });
    await recordAudit(tx, ctx, {
      action: "invitation_revoked",
      accountId: current.parentAccountId,
      before: { status: "pending" },
      after: { status: "revoked" },
      detail: `Invitation #${current.id} to ${current.email}`,
    });
    return revoked;
  });
}
