import { toDomainError } from "@/lib/db/errors";
import { withTransaction } from "@/lib/db/transaction";
import { AccountStateError, ConflictError, ForbiddenError } from "@/lib/domain/errors";
import { roleAllows, type DomainContext } from "@/lib/domain/context";
import { recordAudit } from "@/lib/domain/audit/record-audit";
import { postTransfer } from "@/lib/domain/ledger/post-transfer";
import { lockManagedMember } from "./managed-member";

/**
 * Closes a member (DESIGN.md §2 "delete"): refused while it has open children; otherwise, in one transaction,
 * its whole balance is swept back to the parent through the ledger, it becomes closed, its API keys and the
 * invitations it sent are revoked, its waiting scheduled sends are cancelled, and its users lose access. The row and its history stay. Owners delete any
 * member; an admin only one whose balance is zero (the sweep is a money move, which admins do not make).
 */
export async function deleteMember({ ctx, input }: { ctx: DomainContext; input: { accountId: number } }) {
  if (!roleAllows(ctx.role, "admin")) throw new ForbiddenError("Only owners and admins can delete members.");
  try {
    return await withTransaction(ctx, async (tx) => {
      // locks the member first: the sweep below then locks member and parent in the ledger's (descending) order
      const member = await lockManagedMember(tx, ctx, input.accountId);
      if (member.status === "closed") throw new AccountStateError("account_closed", "The account is already closed.");
      const openChildren = await tx.account.count({ where: { tenantId: ctx.tenantId, parentId: member.id, status: { not: "closed" } } });
      if (openChildren > 0) {
        throw new ConflictError("has_open_children", `This account still has ${openChildren} open ${openChildren === 1 ? "member" : "members"}. Delete them first.`);
      }
      if (member.balance < 0n) {
        throw new ConflictError("balance_owed", "This postpaid account owes its accrued charges; settle them before deleting it.");
      }
      // the sweep moves money, and an admin has no money rights (DESIGN.md §4): an admin deletes only an empty member
      if (member.balance > 0n && !roleAllows(ctx.role, "owner")) {
        throw new ForbiddenError("This member still holds money, and deleting it returns the balance to its parent: only an owner does that. Ask an owner to delete it.");
      }
      const swept = member.balance;
      if (swept > 0n) {
        await postTransfer(
          { tenantId: ctx.tenantId, kind: "sweep", fromAccountId: member.id, toAccountId: member.parentId!, amount: swept, actor: ctx.actor, memo: "Balance returned on delete", currency: ctx.currency, audit: { action: "balance_swept", request: ctx.request } },
          tx,
        );
      }
      const now = new Date();
      await tx.account.update({ where: { tenantId_id: { tenantId: ctx.tenantId, id: member.id } }, data: { status: "closed" } });
      const keys = await tx.apiKey.updateMany({ where: { tenantId: ctx.tenantId, accountId: member.id, revokedAt: null }, data: { revokedAt: now } });
      const invitations = await tx.invitation.updateMany({
        where: { tenantId: ctx.tenantId, parentAccountId: member.id, status: "pending" },
        data: { status: "revoked", revokedAt: now },
      });
      // its waiting scheduled sends would only fail at their time (a closed account sends nothing). SKIP LOCKED:
      // one going out right now holds its row and then waits for this account's lock; it fails once this commits
      const scheduled = await tx.$executeRaw`
        UPDATE scheduled_send s SET status = 'cancelled', done_at = ${now}
          FROM (SELECT batch_id FROM scheduled_send
                 WHERE tenant_id = ${ctx.tenantId} AND account_id = ${member.id} AND status = 'scheduled'
                 FOR UPDATE SKIP LOCKED) w
         WHERE s.tenant_id = ${ctx.tenantId} AND s.batch_id = w.batch_id`;
      await recordAudit(tx, ctx, {
        action: "member_deleted",
        accountId: member.id,
        before: { status: member.status, balance: member.balance.toString() },
        after: { status: "closed", balance: "0" },
        detail:
          `${keys.count} API key${keys.count === 1 ? "" : "s"} and ${invitations.count} pending invitation${invitations.count === 1 ? "" : "s"} revoked` +
          (scheduled > 0 ? `; ${scheduled} scheduled send${scheduled === 1 ? "" : "s"} cancelled` : ""),
      });
      return { accountId: member.id, parentId: member.parentId!, swept, revokedKeys: keys.count, revokedInvitations: invitations.count };
    });
  } catch (err) {
    throw toDomainError(err, ctx.currency);
  }
}
