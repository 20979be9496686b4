import { actorColumns, roleAllows, type DomainContext } from "@/lib/domain/context";
import { ConflictError, ForbiddenError, NotFoundError } from "@/lib/domain/errors";
import { recordAudit } from "@/lib/domain/audit/record-audit";
import { withTransaction } from "@/lib/db/transaction";

/**
 * Cancels a scheduled request of an account in the caller's subtree before it is due (an owner, or the sending
 * account's API key): nothing was charged, so nothing moves. Once it went out (or failed, or was cancelled) it
 * cannot be: ConflictError says which. The row lock orders a cancel and messaging_send_scheduled(): whichever
 * takes it first wins, the other sees the outcome.
 */
export async function cancelScheduledSend({ ctx, batchId }: { ctx: DomainContext; batchId: string }) {
  if (!roleAllows(ctx.role, "owner")) throw new ForbiddenError("Only owners and API keys can cancel a scheduled send.");
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(batchId)) throw new NotFoundError("Scheduled send not found.");
  const { actorUserId, actorApiKeyId } = actorColumns(ctx.actor);
  return withTransaction(ctx, async (tx) => {
    const [row] = await tx.$queryRaw<{ account_id: number; status: string; scheduled_at: Date; message_count: number }[]>`
      SELECT s.account_id, s.status, s.scheduled_at, s.message_count FROM scheduled_send s
        JOIN account a ON a.tenant_id = s.tenant_id AND a.id = s.account_id
        WHERE s.tenant_id = ${ctx.tenantId} AND s.batch_id = ${batchId}::uuid AND a.path @> ARRAY[${ctx.accountId}]::int[]
        FOR UPDATE OF s`;
    if (!row) throw new NotFoundError("Scheduled send not found.");
    if (row.status !== "scheduled") {
      const what = row.status === "sent" ? "already went out" : row.status === "failed" ? "already failed" : "is already cancelled";
      throw new ConflictError("scheduled_send_not_waiting", `This scheduled send ${what}; it cannot be cancelled.`);
    }
    await tx.scheduledSend.update({
      where: { tenantId_batchId: { tenantId: ctx.tenantId, batchId } },
      data: { status: "cancelled", doneAt: new Date(), cancelledByUserId: actorUserId, cancelledByApiKeyId: actorApiKeyId },
    });
    await recordAudit(tx, ctx, {
      action: "scheduled_send_cancelled",
      accountId: row.account_id,
      detail: `${row.message_count} message${row.message_count === 1 ? "" : "s"} due ${row.scheduled_at.toISOString()} (batch ${batchId})`,
    });
    return { batchId, accountId: row.account_id };
  });
}
