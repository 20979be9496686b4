import { withTransaction } from "@/lib/db/transaction";
import { getAccountInSubtree } from "@/lib/domain/accounts/internal";
import { recordAudit } from "@/lib/domain/audit/record-audit";
import { roleAllows, type DomainContext } from "@/lib/domain/context";
import { AccountStateError, ConflictError, ForbiddenError, LimitExceededError, ValidationError } from "@/lib/domain/errors";
import { invitationMailNames, mailInvitation, resolveAppUrl } from "./invitation-mail";
import { INVITATION_SUMMARY_SELECT } from "./invitation-queries";
import { invitationExpiry } from "./invitation-token";
import { generateLinkToken, hashLinkToken } from "@/lib/domain/link-token";
import { inviteMemberSchema, type InviteMemberInput } from "./schemas";

/**
 * Invites someone by e-mail to become a member under `input.accountId`. The checks that accepting would hit
 * later (partner parent, depth, invoicing account, e-mail free) run now, so that the inviter hears about them
 * and not the invitee; accepting runs them again, as things may change in 7 days. The e-mail is sent after the
 * commit: `mailSent: false` means the invitation exists but must be resent.
 */
export async function inviteMember({
  ctx,
  input,
  requestOrigin,
}: {
  ctx: DomainContext;
  // accountName may arrive already parsed (null) from an action that ran the same schema
  input: Omit<InviteMemberInput, "accountName"> & { accountName?: string | null };
  /** the origin of the request, for the link when APP_URL is not set */
  requestOrigin?: string;
}) {
  if (!roleAllows(ctx.role, "admin")) throw new ForbiddenError("Only owners and admins can invite members.");
  const data = inviteMemberSchema.parse({ ...input, accountName: input.accountName ?? "" });
  const baseUrl = resolveAppUrl(requestOrigin);
  const token = generateLinkToken();

  const { invitation, names, replaced } = await withTransaction(ctx, async (tx) => {
    const parent = await getAccountInSubtree(tx, ctx, data.accountId);
    // FOR SHARE: a close of the parent waits for this invitation (and then revokes it); the status is read on
    // the locked row, as a close that committed while we waited is not in `parent`
    const [{ status }] = await tx.$queryRaw<{ status: "active" | "suspended" | "closed" }[]>`
      SELECT status::text AS status FROM account WHERE tenant_id = ${ctx.tenantId} AND id = ${parent.id} FOR SHARE`;
    if (status !== "active") {
      throw new AccountStateError(status === "closed" ? "account_closed" : "account_suspended", `${parent.name} is ${status}: it cannot invite members.`);
    }
    if (!parent.isPartner) throw new ValidationError(`${parent.name} is not a partner account: only partners can have members.`);
    const tenant = await tx.tenant.findUniqueOrThrow({ where: { id: ctx.tenantId }, select: { maxDepth: true } });
    // depth counts from 0 at the master and maxDepth counts levels, so the new member's level is depth + 2
    if (parent.depth + 2 > tenant.maxDepth) {
      throw new LimitExceededError("depth_limit", `The account tree is full: limited to ${tenant.maxDepth} levels, and ${parent.name} is on the last one.`);
    }
    if (data.invoicingAccountId !== null) {
      // an ancestor of the new member (the parent or above it) that the inviter itself may see
      const reachable = parent.path.slice(parent.path.indexOf(ctx.accountId));
      if (!reachable.includes(data.invoicingAccountId)) {
        const message = "The invoicing account must be the account itself or one of its ancestors.";
        throw new ValidationError(message, { invoicingAccountId: [message] });
      }
    }
    // serialises two invitations of one address in a tenant (a double click), so that one replaces the other
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${ctx.tenantId}::int, hashtext(${data.email}))`;
    if (await tx.user.findUnique({ where: { email: data.email }, select: { id: true } })) {
      throw new ConflictError("email_taken", "A user with this e-mail address already exists.");
    }
    const now = new Date();
    // one live invitation per address and parent: the newest replaces the others, and their links die
    const replaced = await tx.invitation.updateMany({
      where: { tenantId: ctx.tenantId, parentAccountId: parent.id, email: data.email, status: "pending" },
      data: { status: "revoked", revokedAt: now },
    });
    const invitation = await tx.invitation.create({
      data: {
        tenantId: ctx.tenantId,
        parentAccountId: parent.id,
        email: data.email,
        role: data.role,
        accountName: data.accountName,
        paymentModel: data.paymentModel,
        invoicingAccountId: data.paymentModel === "postpaid" ? data.invoicingAccountId : null,
        monthlyVolumeLimit: data.monthlyVolumeLimit,
        isPartner: data.isPartner,
        tokenHash: hashLinkToken(token),
        expiresAt: invitationExpiry(now),
        invitedByUserId: ctx.actor.type === "user" ? ctx.actor.userId : null,
        lastSentAt: now,
      },
      select: INVITATION_SUMMARY_SELECT,
    });
    await recordAudit(tx, ctx, {
      action: "member_invited",
      accountId: parent.id,
      after: {
        invitation_id: invitation.id,
        email: data.email,
        role: data.role,
        account_name: data.accountName,
        payment_model: data.paymentModel,
        is_partner: data.isPartner,
        expires_at: invitation.expiresAt.toISOString(),
      },
      detail: replaced.count > 0 ? `Replaces ${replaced.count} pending invitation${replaced.count === 1 ? "" : "s"} to the same address` : null,
    });
    return { invitation, names: await invitationMailNames(tx, invitation), replaced: replaced.count > 0 };
  });

  const mailSent = await mailInvitation({ invitation, names, baseUrl, token });
  // replaced: a pending invitation to the same address was revoked, so the link in its e-mail no longer works
  return { invitation, mailSent, replaced };
}
