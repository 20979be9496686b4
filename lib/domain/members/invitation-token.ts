import type { DbClient } from "@/lib/db/client";

/** DESIGN.md §4: an invitation link works for 7 days after it was (re)sent. */
export const INVITATION_TTL_MS = 7 * 24 * 60 * 60 * 1000;

export function invitationExpiry(from = new Date()): Date {
  return new Date(from.getTime() + INVITATION_TTL_MS);
}

/**
 * Locks the invitation a link's token names, inside the caller's transaction, in the order every writer takes:
 * the inviting account first (FOR SHARE: a close of it locks the account, then revokes its invitations), then the
 * invitation, re-checked on the locked row version (a resend in between changed the hash: this link is dead).
 * Returns the invitation's keys, or null when the link names none.
 */
export async function lockInvitationByTokenHash(tx: DbClient, tokenHash: string): Promise<{ id: number; tenantId: number; parentAccountId: number } | null> {
  const found = await tx.invitation.findUnique({ where: { tokenHash }, select: { id: true, tenantId: true, parentAccountId: true } });
  if (!found) return null;
  await tx.$queryRaw`SELECT 1 FROM account WHERE tenant_id = ${found.tenantId} AND id = ${found.parentAccountId} FOR SHARE`;
  const locked = await tx.$queryRaw<{ id: number }[]>`
    SELECT id FROM invitation WHERE tenant_id = ${found.tenantId} AND id = ${found.id} AND token_hash = ${tokenHash} FOR UPDATE`;
  return locked.length === 0 ? null : found;
}
