import { withTransaction } from "@/lib/db/transaction";
import { getAccountInSubtree } from "@/lib/domain/accounts/internal";
import { recordAudit } from "@/lib/domain/audit/record-audit";
import { roleAllows, type DomainContext } from "@/lib/domain/context";
import { ForbiddenError } from "@/lib/domain/errors";
import { deliveryReceiptAccountSchema } from "./delivery-receipt-schemas";

/** Stops an account's delivery-receipt pushes; receipts already queued are dropped when their turn comes. */
export async function removeDeliveryReceiptUrl({ ctx, input }: { ctx: DomainContext; input: { accountId: number } }) {
  if (!roleAllows(ctx.role, "admin")) throw new ForbiddenError("Only owners and admins can change where delivery receipts go.");
  const { accountId } = deliveryReceiptAccountSchema.parse(input);
  return withTransaction(ctx, async (tx) => {
    const account = await getAccountInSubtree(tx, ctx, accountId);
    const [removed] = await tx.$queryRaw<{ url: string; userName: string | null; hasPassword: boolean }[]>`
      DELETE FROM delivery_receipt_url WHERE tenant_id = ${ctx.tenantId} AND account_id = ${account.id}
      RETURNING url, user_name AS "userName", password_sealed IS NOT NULL AS "hasPassword"`;
    if (removed) {
      await recordAudit(tx, ctx, {
        action: "delivery_receipt_url_removed",
        accountId: account.id,
        before: { url: removed.url, user_name: removed.userName, has_password: removed.hasPassword },
      });
    }
    return { removed: removed !== undefined };
  });
}
