import { withTransaction } from "@/lib/db/transaction";
import { getAccountInSubtree } from "@/lib/domain/accounts/internal";
import { changedFields } from "@/lib/domain/audit/changes";
import { recordAudit } from "@/lib/domain/audit/record-audit";
import { roleAllows, type DomainContext } from "@/lib/domain/context";
import { ForbiddenError } from "@/lib/domain/errors";
import { setDeliveryReceiptUrlSchema, type DeliveryReceiptUrlView, type SetDeliveryReceiptUrlInput } from "./delivery-receipt-schemas";
import { sealReceiptPassword } from "./receipt-password";

/**
 * Sets where an account's delivery receipts are pushed (its own account or one below it, as other settings):
 * the URL, and optionally the user name and password sent with each receipt. A password left out is kept (it is
 * never shown, so a form cannot send it back); a removed user name takes the password with it. The audit row
 * says whether a password is stored and when it changed, never the password.
 */
export async function setDeliveryReceiptUrl({ ctx, input }: { ctx: DomainContext; input: SetDeliveryReceiptUrlInput }): Promise<DeliveryReceiptUrlView & { accountId: number }> {
  if (!roleAllows(ctx.role, "admin")) throw new ForbiddenError("Only owners and admins can change where delivery receipts go.");
  const data = setDeliveryReceiptUrlSchema.parse(input);
  return withTransaction(ctx, async (tx) => {
    const account = await getAccountInSubtree(tx, ctx, data.accountId);
    const where = { tenantId_accountId: { tenantId: ctx.tenantId, accountId: account.id } };
    const [current] = await tx.$queryRaw<{ url: string; userName: string | null; passwordSealed: string | null }[]>`
      SELECT url, user_name AS "userName", password_sealed AS "passwordSealed" FROM delivery_receipt_url
       WHERE tenant_id = ${ctx.tenantId} AND account_id = ${account.id} FOR UPDATE`;
    const passwordSealed =
      data.userName === null || data.password === null ? null : data.password !== undefined ? sealReceiptPassword(data.password) : (current?.passwordSealed ?? null);
    const fields = { url: data.url, userName: data.userName, passwordSealed };
    await tx.deliveryReceiptUrl.upsert({ where, create: { tenantId: ctx.tenantId, accountId: account.id, ...fields }, update: fields });
    const view = (row: typeof fields) => ({ url: row.url, user_name: row.userName, has_password: row.passwordSealed !== null });
    const changes = current ? changedFields(view(current), view(fields)) : changedFields({}, view(fields));
    const passwordChanged = current?.passwordSealed != null && typeof data.password === "string";
    if (changes || passwordChanged) {
      await recordAudit(tx, ctx, {
        action: "delivery_receipt_url_set",
        accountId: account.id,
        before: current ? (changes?.before ?? null) : null,
        after: changes?.after ?? null,
        detail: passwordChanged ? "password replaced" : null,
      });
    }
    return { accountId: account.id, url: fields.url, userName: fields.userName, hasPassword: passwordSealed !== null };
  });
}
