import type { DbClient } from "@/lib/db/client";
import type { SingleUsePurpose } from "@/lib/db/generated/enums";
import type { Prisma } from "@/lib/db/client";
import { NotFoundError } from "@/lib/domain/errors";
import { generateLinkToken, hashLinkToken, isWellFormedLinkToken } from "@/lib/domain/link-token";

/**
 * Links that work once, outside any tenant (single_use_token): the setup link, operator invitations and sign-up
 * verification. A token has 256 random bits; only its SHA-256 is stored and a link is found by that hash.
 * Every dead link reads the same: unknown, used, revoked and expired tokens all get `deadLink()`, so a caller
 * learns nothing about a token it does not hold.
 */
export const deadLink = () => new NotFoundError("This link is not valid any more. It may have been used already, or it expired.");

export async function issueSingleUseToken(
  tx: DbClient,
  data: { purpose: SingleUsePurpose; email?: string | null; payload?: Prisma.InputJsonValue; ttlMs: number; createdByUserId?: number | null },
) {
  const token = generateLinkToken();
  const now = new Date();
  const row = await tx.singleUseToken.create({
    data: {
      purpose: data.purpose,
      tokenHash: hashLinkToken(token),
      email: data.email?.toLowerCase() ?? null,
      payload: data.payload ?? {},
      createdByUserId: data.createdByUserId ?? null,
      createdAt: now,
      expiresAt: new Date(now.getTime() + data.ttlMs),
    },
    select: { id: true, expiresAt: true },
  });
  return { token, id: row.id, expiresAt: row.expiresAt };
}

/** The live token behind a link, without using it (a GET of the page); null for every dead link. */
export async function findLiveToken(db: DbClient, purpose: SingleUsePurpose, token: string) {
  if (!isWellFormedLinkToken(token)) return null;
  const row = await db.singleUseToken.findUnique({ where: { tokenHash: hashLinkToken(token) } });
  if (!row || row.purpose !== purpose || row.usedAt || row.revokedAt || row.expiresAt <= new Date()) return null;
  return row;
}

/**
 * Uses the token inside the caller's transaction: the row is locked first, so that of two submits of one link
 * the second waits, then finds it used. Throws `deadLink()` for every link that does not work.
 */
export async function consumeSingleUseToken(tx: DbClient, purpose: SingleUsePurpose, token: string) {
  if (!isWellFormedLinkToken(token)) throw deadLink();
  const [locked] = await tx.$queryRaw<{ id: number }[]>`
    SELECT id FROM single_use_token
     WHERE token_hash = ${hashLinkToken(token)} AND purpose = ${purpose}::single_use_purpose
       AND used_at IS NULL AND revoked_at IS NULL AND expires_at > now()
     FOR UPDATE`;
  if (!locked) throw deadLink();
  // re-read on the locked row version: a use that committed while this one waited leaves nothing to match
  const used = await tx.singleUseToken.updateMany({ where: { id: locked.id, usedAt: null, revokedAt: null }, data: { usedAt: new Date() } });
  if (used.count !== 1) throw deadLink();
  return tx.singleUseToken.findUniqueOrThrow({ where: { id: locked.id } });
}
