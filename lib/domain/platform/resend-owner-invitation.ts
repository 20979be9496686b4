import { withTransaction } from "@/lib/db/transaction";
import { ConflictError, NotFoundError } from "@/lib/domain/errors";
import { generateLinkToken, hashLinkToken } from "@/lib/domain/link-token";
import { mailInvitation, resolveAppUrl } from "@/lib/domain/members/invitation-mail";
import { invitationExpiry } from "@/lib/domain/members/invitation-token";
import { lockTenant } from "./internal";
import type { OperatorContext } from "./operator-context";
import { recordOperatorAudit } from "./record-operator-audit";
import { tenantIdSchema } from "./schemas";
import { platformName } from "./set-up-platform";

/**
 * Sends a tenant's owner invitation again (lost, expired or never delivered), with a new link and a new 7-day
 * expiry; the link in the earlier e-mail stops working.
 */
export async function resendOwnerInvitation({ ctx, input, requestOrigin }: { ctx: OperatorContext; input: { tenantId: number }; requestOrigin?: string }) {
  const tenantId = tenantIdSchema.parse(input.tenantId);
  const baseUrl = resolveAppUrl(requestOrigin);
  const token = generateLinkToken();
  const sent = await withTransaction(ctx, async (tx) => {
    const master = await lockTenant(tx, tenantId);
    if (master.status === "closed") throw new ConflictError("account_closed", `${master.name} is closed.`);
    const current = await tx.invitation.findFirst({
      where: { tenantId, parentAccountId: tenantId, kind: "join_account", status: "pending" },
      orderBy: { id: "desc" },
      select: { id: true, email: true },
    });
    if (!current) throw new NotFoundError("This tenant has no owner invitation waiting: its owner has joined.");
    if (await tx.user.findUnique({ where: { email: current.email }, select: { id: true } })) {
      throw new ConflictError("email_taken", "A user with this e-mail address already exists.");
    }
    const now = new Date();
    const invitation = await tx.invitation.update({
      where: { tenantId_id: { tenantId, id: current.id } },
      data: { tokenHash: hashLinkToken(token), expiresAt: invitationExpiry(now), lastSentAt: now },
      select: { id: true, email: true, role: true, expiresAt: true },
    });
    await recordOperatorAudit(tx, ctx, { action: "owner_invitation_resent", tenantId, after: { email: invitation.email }, detail: "the earlier link no longer works" });
    return { invitation, names: { inviterName: await platformName(tx), accountName: master.name } };
  });
  const mailSent = await mailInvitation({ invitation: sent.invitation, names: sent.names, baseUrl, token });
  return { email: sent.invitation.email, expiresAt: sent.invitation.expiresAt, mailSent };
}
