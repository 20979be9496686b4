import { withTransaction } from "@/lib/db/transaction";
import type { DomainContext } from "@/lib/domain/context";
import { updateMember, type UpdateMemberChanges } from "@/lib/domain/members/update-member";
import type { SetDeliveryReceiptUrlInput } from "@/lib/domain/messaging/delivery-receipt-schemas";
import { removeDeliveryReceiptUrl } from "@/lib/domain/messaging/remove-delivery-receipt-url";
import { setDeliveryReceiptUrl } from "@/lib/domain/messaging/set-delivery-receipt-url";

/**
 * The native API's account update in one transaction: the member fields (updateMember: only an account below the
 * caller's own) and the delivery-receipt URL (also the caller's own account: nobody above a master could set
 * it). `deliveryReceipt` null removes the URL, undefined leaves it alone.
 */
export async function updateAccount({ ctx, input }: {
  ctx: DomainContext;
  input: { accountId: number; changes: UpdateMemberChanges; deliveryReceipt?: SetDeliveryReceiptUrlInput | null };
}) {
  const { accountId, changes, deliveryReceipt } = input;
  return withTransaction(ctx, async (tx) => {
    const inTx = { ...ctx, tx };
    if (Object.values(changes).some((v) => v !== undefined)) await updateMember({ ctx: inTx, input: { accountId, changes } });
    if (deliveryReceipt === null) await removeDeliveryReceiptUrl({ ctx: inTx, input: { accountId } });
    else if (deliveryReceipt !== undefined) await setDeliveryReceiptUrl({ ctx: inTx, input: { ...deliveryReceipt, accountId } });
    return { accountId };
  });
}
