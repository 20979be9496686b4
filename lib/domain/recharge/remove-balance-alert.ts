import { withTransaction } from "@/lib/db/transaction";
import { roleAllows, type DomainContext } from "@/lib/domain/context";
import { ForbiddenError } from "@/lib/domain/errors";
import { getAccountInSubtree } from "@/lib/domain/accounts/internal";
import { recordAudit } from "@/lib/domain/audit/record-audit";
import { accountIdSchema } from "./schemas";

export async function removeBalanceAlert({ ctx, input }: { ctx: DomainContext; input: { accountId: number } }) {
  if (!roleAllows(ctx.role, "owner")) throw new ForbiddenError("Only owners can change balance alerts.");
  const { accountId } = accountIdSchema.parse(input);
  return withTransaction(ctx, async (tx) => {
    const account = await getAccountInSubtree(tx, ctx, accountId);
    const [removed] = await tx.$queryRaw<{ threshold: bigint; notifyMembers: boolean }[]>`
      DELETE FROM balance_alert WHERE tenant_id = ${ctx.tenantId} AND account_id = ${account.id}
      RETURNING threshold, notify_members AS "notifyMembers"`;
    if (removed) {
      await recordAudit(tx, ctx, {
        action: "balance_alert_removed",
        accountId: account.id,
        before: { threshold: removed.threshold.toString(), notify_members: removed.notifyMembers },
      });
    }
    return { removed: removed !== undefined };
  });
}
