import { prisma } from "@/lib/db/client";
import { getAccountInSubtree } from "@/lib/domain/accounts/internal";
import type { DomainContext } from "@/lib/domain/context";
import type { DeliveryReceiptUrlView } from "./delivery-receipt-schemas";

/** An account's receipt URL as it may be shown (never the password), or null; 404 outside the caller's subtree. */
export async function findDeliveryReceiptUrl(ctx: Pick<DomainContext, "tenantId" | "accountId">, accountId: number): Promise<DeliveryReceiptUrlView | null> {
  const account = await getAccountInSubtree(prisma, ctx, accountId);
  const row = await prisma.deliveryReceiptUrl.findUnique({
    where: { tenantId_accountId: { tenantId: ctx.tenantId, accountId: account.id } },
    select: { url: true, userName: true, passwordSealed: true },
  });
  return row && { url: row.url, userName: row.userName, hasPassword: row.passwordSealed !== null };
}
