import { prisma, type DbClient } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import type { Role } from "@/lib/db/generated/enums";
import { getAccountInSubtree } from "@/lib/domain/accounts/internal";
import type { DomainContext } from "@/lib/domain/context";
import { NotFoundError } from "@/lib/domain/errors";
import type { InvitationListStatus, ListInvitationsQuery } from "./invitation-schemas";
import { hashLinkToken, isWellFormedLinkToken } from "@/lib/domain/link-token";

/** What the verbs hand back about an invitation: never its token hash. */
export const INVITATION_SUMMARY_SELECT = {
  id: true,
  tenantId: true,
  parentAccountId: true,
  email: true,
  role: true,
  status: true,
  expiresAt: true,
  lastSentAt: true,
  invitedByUserId: true,
} satisfies Prisma.InvitationSelect;

/**
 * Locks an invitation sent from an account in the caller's subtree (FOR UPDATE: resend, revoke and accept of
 * one invitation take turns), or throws NotFoundError, also for another branch's or tenant's invitation.
 */
export async function getInvitationForUpdate(tx: DbClient, ctx: Pick<DomainContext, "tenantId" | "accountId">, invitationId: number) {
  const locked = await tx.$queryRaw<{ id: number }[]>`
    SELECT i.id FROM invitation i
    JOIN account a ON a.tenant_id = i.tenant_id AND a.id = i.parent_account_id
    WHERE i.tenant_id = ${ctx.tenantId} AND i.id = ${invitationId} AND a.path @> ARRAY[${ctx.accountId}::int]
    FOR UPDATE OF i`;
  if (locked.length === 0) throw new NotFoundError("Invitation not found.");
  return tx.invitation.findUniqueOrThrow({
    where: { tenantId_id: { tenantId: ctx.tenantId, id: invitationId } },
    select: { ...INVITATION_SUMMARY_SELECT, parentAccount: { select: { name: true, status: true } } },
  });
}

/** `expired` is not stored (schema.prisma): a pending invitation past its expiry is expired. */
export function invitationStatusOf(row: { status: "pending" | "accepted" | "revoked"; expiresAt: Date }, now = new Date()): InvitationListStatus {
  return row.status === "pending" && row.expiresAt.getTime() <= now.getTime() ? "expired" : row.status;
}

/** Whether an account and every account above it are active: a member under a suspended branch could not sign in. */
export async function isAccountPathActive(db: DbClient, tenantId: number, path: number[]) {
  return (await db.account.count({ where: { tenantId, id: { in: path }, status: { not: "active" } } })) === 0;
}

export type InvitationLinkView = {
  status: InvitationListStatus;
  /** false when the inviting account (or one above it) is suspended or closed: the link cannot be used now */
  isAccountActive: boolean;
  email: string;
  role: Role;
  inviterName: string;
  accountName: string;
  tenantName: string;
  expiresAt: string;
  /** join_account: the invitee joins the account itself; new_member: a new account is made for them */
  kind: "new_member" | "join_account";
  /** the address already signs in to Subledger: a join invitation is then accepted signed in, with that sign-in */
  hasUser: boolean;
};

/**
 * The public invitation page's view of a link, or null when no invitation has this token (never existed, or
 * replaced by a resend). Reads only: opening a link changes nothing.
 */
export async function findInvitationForLink(token: string): Promise<InvitationLinkView | null> {
  if (!isWellFormedLinkToken(token)) return null;
  const invitation = await prisma.invitation.findUnique({
    where: { tokenHash: hashLinkToken(token) },
    select: {
      status: true,
      email: true,
      role: true,
      expiresAt: true,
      invitedByUserId: true,
      tenantId: true,
      kind: true,
      tenant: { select: { name: true } },
      parentAccount: { select: { name: true, path: true } },
    },
  });
  if (!invitation) return null;
  const [inviter, isAccountActive, user] = await Promise.all([
    invitation.invitedByUserId === null ? null : prisma.user.findUnique({ where: { id: invitation.invitedByUserId }, select: { name: true } }),
    isAccountPathActive(prisma, invitation.tenantId, invitation.parentAccount.path),
    invitation.kind === "join_account" ? prisma.user.findUnique({ where: { email: invitation.email }, select: { id: true } }) : null,
  ]);
  return {
    status: invitationStatusOf(invitation),
    isAccountActive,
    email: invitation.email,
    role: invitation.role,
    inviterName: inviter?.name ?? invitation.parentAccount.name,
    accountName: invitation.parentAccount.name,
    tenantName: invitation.tenant.name,
    expiresAt: invitation.expiresAt.toISOString(),
    kind: invitation.kind,
    hasUser: user !== null,
  };
}

export type InvitationRow = {
  id: number;
  /** the account the member is created under */
  parentAccountId: number;
  email: string;
  role: Role;
  status: InvitationListStatus;
  accountName: string | null;
  paymentModel: "prepaid" | "postpaid";
  /** postpaid only: null = the new account itself */
  invoicingAccountId: number | null;
  monthlyVolumeLimit: number | null;
  isPartner: boolean;
  invitedBy: string | null;
  createdAt: string;
  lastSentAt: string;
  expiresAt: string;
  acceptedAt: string | null;
  revokedAt: string | null;
  member: { id: number; name: string } | null;
};

function statusWhere(status: InvitationListStatus | undefined, now: Date): Prisma.InvitationWhereInput {
  switch (status) {
    case undefined:
      return {};
    case "pending":
      return { status: "pending", expiresAt: { gt: now } };
    case "expired":
      return { status: "pending", expiresAt: { lte: now } };
    default:
      return { status };
  }
}

const INVITATION_ROW_SELECT = {
  id: true,
  parentAccountId: true,
  email: true,
  role: true,
  status: true,
  accountName: true,
  paymentModel: true,
  invoicingAccountId: true,
  monthlyVolumeLimit: true,
  isPartner: true,
  invitedByUserId: true,
  createdAt: true,
  lastSentAt: true,
  expiresAt: true,
  acceptedAt: true,
  revokedAt: true,
  memberAccount: { select: { id: true, name: true } },
} satisfies Prisma.InvitationSelect;

/** The stored rows as the lists show them: the derived status and the inviters' names (one query for all). */
async function toInvitationRows(rows: Prisma.InvitationGetPayload<{ select: typeof INVITATION_ROW_SELECT }>[], now: Date) {
  const inviterIds = [...new Set(rows.map((r) => r.invitedByUserId).filter((id): id is number => id !== null))];
  const inviters = inviterIds.length ? await prisma.user.findMany({ where: { id: { in: inviterIds } }, select: { id: true, name: true } }) : [];
  const inviterName = new Map(inviters.map((u) => [u.id, u.name]));
  return rows.map(
    (r): InvitationRow => ({
      id: r.id,
      parentAccountId: r.parentAccountId,
      email: r.email,
      role: r.role,
      status: invitationStatusOf(r, now),
      accountName: r.accountName,
      paymentModel: r.paymentModel,
      invoicingAccountId: r.invoicingAccountId,
      monthlyVolumeLimit: r.monthlyVolumeLimit,
      isPartner: r.isPartner,
      invitedBy: r.invitedByUserId === null ? null : (inviterName.get(r.invitedByUserId) ?? null),
      createdAt: r.createdAt.toISOString(),
      lastSentAt: r.lastSentAt.toISOString(),
      expiresAt: r.expiresAt.toISOString(),
      acceptedAt: r.acceptedAt?.toISOString() ?? null,
      revokedAt: r.revokedAt?.toISOString() ?? null,
      member: r.memberAccount,
    }),
  );
}

/** One page of the invitations sent from `parentAccountId` (in the caller's subtree), newest first. */
export async function listInvitations(
  ctx: Pick<DomainContext, "tenantId" | "accountId">,
  parentAccountId: number,
  query: { page: number; pageSize: number; status?: ListInvitationsQuery["status"] },
) {
  const parent = await getAccountInSubtree(prisma, ctx, parentAccountId);
  const now = new Date();
  const where: Prisma.InvitationWhereInput = { tenantId: ctx.tenantId, parentAccountId: parent.id, ...statusWhere(query.status, now) };
  const [rows, total] = await prisma.$transaction([
    prisma.invitation.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      skip: (query.page - 1) * query.pageSize,
      take: query.pageSize,
      select: INVITATION_ROW_SELECT,
    }),
    prisma.invitation.count({ where }),
  ]);
  return { rows: await toInvitationRows(rows, now), total, page: query.page, pageSize: query.pageSize };
}

/** One invitation sent from an account in the caller's subtree; NotFoundError for any other. */
export async function getInvitation(ctx: Pick<DomainContext, "tenantId" | "accountId">, invitationId: number): Promise<InvitationRow> {
  const row = await prisma.invitation.findFirst({
    where: { tenantId: ctx.tenantId, id: invitationId, parentAccount: { path: { has: ctx.accountId } } },
    select: INVITATION_ROW_SELECT,
  });
  if (!row) throw new NotFoundError("Invitation not found.");
  const [invitation] = await toInvitationRows([row], new Date());
  return invitation;
}
