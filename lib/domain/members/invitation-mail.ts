import type { DbClient } from "@/lib/db/client";
import type { Role } from "@/lib/db/generated/enums";
import { sendMail } from "@/lib/mail/mailer";

export type InvitationMail = {
  to: string;
  inviterName: string;
  /** the account the invitee's own account will be created under */
  accountName: string;
  role: Role;
  link: string;
  expiresAt: Date;
};

const ROLE_TEXT: Record<Role, string> = {
  owner: "an owner (everything in the account, money included)",
  admin: "an admin (members and settings, no money)",
  viewer: "a viewer (read only)",
};

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

// the mail is read anywhere: state the time zone instead of guessing the reader's
const formatExpiry = (d: Date) =>
  new Intl.DateTimeFormat("en-GB", { dateStyle: "full", timeStyle: "short", timeZone: "UTC" }).format(d) + " UTC";

/**
 * The base URL that links in e-mails point to. APP_URL wins (set it in production: a link must not depend on
 * whatever Host header a request carried); the request's own origin is the fallback in development.
 */
export function resolveAppUrl(requestOrigin?: string): string {
  const base = process.env.APP_URL || requestOrigin;
  if (!base) throw new Error("APP_URL is not set: invitation links need the app's public URL.");
  return base.replace(/\/+$/, "");
}

export const invitationLink = (baseUrl: string, token: string) => `${baseUrl}/invite/${token}`;

/** Subject, plain text and simple HTML of an invitation e-mail. Names come from users: escaped in the HTML. */
export function renderInvitationMail(mail: InvitationMail) {
  const subject = `${mail.inviterName} invited you to ${mail.accountName} on Subledger`;
  const expiry = formatExpiry(mail.expiresAt);
  const text = [
    "Hello,",
    "",
    `${mail.inviterName} invited you to join ${mail.accountName} on Subledger as ${ROLE_TEXT[mail.role]}.`,
    "",
    "Open this link to choose your name and password:",
    mail.link,
    "",
    `The link works once and expires on ${expiry}.`,
    "If you did not expect this invitation, you can ignore this e-mail.",
  ].join("\n");
  const html = `<!doctype html>
<html><body style="font-family: system-ui, sans-serif; line-height: 1.5; color: #111">
<p>Hello,</p>
<p><strong>${escapeHtml(mail.inviterName)}</strong> invited you to join <strong>${escapeHtml(mail.accountName)}</strong> on Subledger as ${escapeHtml(ROLE_TEXT[mail.role])}.</p>
<p><a href="${escapeHtml(mail.link)}" style="display: inline-block; padding: 10px 16px; background: #111; color: #fff; border-radius: 6px; text-decoration: none">Accept the invitation</a></p>
<p>Or paste this link into your browser:<br><a href="${escapeHtml(mail.link)}">${escapeHtml(mail.link)}</a></p>
<p style="color: #555">The link works once and expires on ${escapeHtml(expiry)}. If you did not expect this invitation, you can ignore this e-mail.</p>
</body></html>`;
  return { to: mail.to, subject, text, html };
}

/** Who is named as the inviter: the inviting user, or the inviting account when no user did it (API, system). */
export async function invitationMailNames(db: DbClient, invitation: { tenantId: number; parentAccountId: number; invitedByUserId: number | null }) {
  const [account, inviter] = await Promise.all([
    db.account.findUniqueOrThrow({ where: { tenantId_id: { tenantId: invitation.tenantId, id: invitation.parentAccountId } }, select: { name: true } }),
    invitation.invitedByUserId === null ? null : db.user.findUnique({ where: { id: invitation.invitedByUserId }, select: { name: true } }),
  ]);
  return { accountName: account.name, inviterName: inviter?.name ?? account.name };
}

/**
 * Sends the invitation; false when the mail server refused or was unreachable. The invitation is already
 * committed by then and can be resent, so a mail failure is reported to the inviter rather than thrown.
 */
export async function sendInvitationMail(mail: InvitationMail): Promise<boolean> {
  try {
    await sendMail(renderInvitationMail(mail));
    return true;
  } catch (err) {
    console.error("invitation e-mail could not be sent", err);
    return false;
  }
}

/** The mail for a stored invitation and its fresh token, after the transaction that stored it has committed. */
export function mailInvitation(args: {
  invitation: { email: string; role: Role; expiresAt: Date };
  names: Awaited<ReturnType<typeof invitationMailNames>>;
  baseUrl: string;
  token: string;
}) {
  return sendInvitationMail({
    to: args.invitation.email,
    ...args.names,
    role: args.invitation.role,
    link: invitationLink(args.baseUrl, args.token),
    expiresAt: args.invitation.expiresAt,
  });
}
