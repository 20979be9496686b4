import { withTransaction } from "@/lib/db/transaction";
import { ConflictError } from "@/lib/domain/errors";
import { resolveAppUrl } from "@/lib/domain/members/invitation-mail";
import { INVITATION_TTL_MS } from "@/lib/domain/members/invitation-token";
import { sendMail } from "@/lib/mail/mailer";
import type { OperatorContext } from "./operator-context";
import { recordOperatorAudit } from "./record-operator-audit";
import { inviteOperatorSchema, type InviteOperatorInput } from "./schemas";
import { platformName } from "./set-up-platform";
import { issueSingleUseToken } from "./single-use-tokens";

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

/**
 * An operator invites another by e-mail: a single-use link (7 days, only its hash stored) that makes the
 * invitee an operator when they choose a name and password. Inviting an address again replaces its pending
 * link. An address that already has a user is refused: an operator belongs to no tenant.
 */
export async function inviteOperator({ ctx, input, requestOrigin }: { ctx: OperatorContext; input: InviteOperatorInput; requestOrigin?: string }) {
  const { email } = inviteOperatorSchema.parse(input);
  const baseUrl = resolveAppUrl(requestOrigin);
  const issued = await withTransaction(ctx, async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('operator_invitation'), hashtext(${email}))`;
    if (await tx.user.findUnique({ where: { email }, select: { id: true } })) {
      throw new ConflictError("email_taken", "A user with this e-mail address already exists: an operator needs an address of their own.");
    }
    const replaced = await tx.singleUseToken.updateMany({
      where: { purpose: "operator_invitation", email, usedAt: null, revokedAt: null },
      data: { revokedAt: new Date() },
    });
    const token = await issueSingleUseToken(tx, {
      purpose: "operator_invitation",
      email,
      ttlMs: INVITATION_TTL_MS,
      createdByUserId: ctx.actor.type === "user" ? ctx.actor.userId : null,
    });
    await recordOperatorAudit(tx, ctx, { action: "operator_invited", after: { email }, detail: replaced.count ? "the earlier link was replaced" : null });
    return { ...token, replaced: replaced.count > 0, platform: await platformName(tx) };
  });
  const link = `${baseUrl}/operator/join/${issued.token}`;
  const expiry = new Intl.DateTimeFormat("en-GB", { dateStyle: "full", timeStyle: "short", timeZone: "UTC" }).format(issued.expiresAt) + " UTC";
  let mailSent = true;
  try {
    await sendMail({
      to: email,
      subject: `${ctx.label} invited you to operate ${issued.platform}`,
      text: [
        "Hello,",
        "",
        `${ctx.label} invited you to become a platform operator of ${issued.platform} on Subledger: you will manage its tenants, record their payments and set their prices.`,
        "",
        "Open this link to choose your name and password:",
        link,
        "",
        `The link works once and expires on ${expiry}.`,
        "If you did not expect this invitation, you can ignore this e-mail.",
      ].join("\n"),
      html: `<!doctype html><html><body style="font-family: system-ui, sans-serif; line-height: 1.5; color: #111">
<p>Hello,</p>
<p><strong>${escapeHtml(ctx.label)}</strong> invited you to become a platform operator of <strong>${escapeHtml(issued.platform)}</strong> on Subledger: you will manage its tenants, record their payments and set their prices.</p>
<p><a href="${escapeHtml(link)}" style="display: inline-block; padding: 10px 16px; background: #111; color: #fff; border-radius: 6px; text-decoration: none">Accept the invitation</a></p>
<p>Or paste this link into your browser:<br><a href="${escapeHtml(link)}">${escapeHtml(link)}</a></p>
<p style="color: #555">The link works once and expires on ${escapeHtml(expiry)}. If you did not expect this invitation, you can ignore this e-mail.</p>
</body></html>`,
    });
  } catch (err) {
    console.error("operator invitation e-mail could not be sent", err);
    mailSent = false;
  }
  return { email, expiresAt: issued.expiresAt, replaced: issued.replaced, mailSent };
}
