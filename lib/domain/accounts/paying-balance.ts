import { dbOf } from "@/lib/db/transaction";
import type { DomainContext } from "@/lib/domain/context";
import { NotFoundError } from "@/lib/domain/errors";

export type PayingBalance = { accountId: number; name: string; balance: bigint; currency: string; isOwn: boolean };

/**
 * The balance that pays for the caller's account's messages, as messaging_send() picks it: the nearest prepaid
 * account on its path (itself when prepaid), else its invoicing account. A postpaid member under a prepaid
 * parent thus sees the parent's balance; a postpaid tree sees what its invoicing account owes (negative).
 */
export async function getPayingBalance(ctx: DomainContext): Promise<PayingBalance> {
  const db = dbOf(ctx);
  const self = await db.account.findUnique({
    where: { tenantId_id: { tenantId: ctx.tenantId, id: ctx.accountId } },
    select: { id: true, path: true, invoicingAccountId: true, currency: true },
  });
  if (!self) throw new NotFoundError("Account not found.");
  const onPath = await db.account.findMany({
    where: { tenantId: ctx.tenantId, id: { in: self.path }, paymentModel: "prepaid" },
    select: { id: true, name: true, balance: true, depth: true },
    orderBy: { depth: "desc" },
    take: 1,
  });
  const payer =
    onPath[0] ??
    (self.invoicingAccountId === null
      ? null
      : await db.account.findUnique({ where: { tenantId_id: { tenantId: ctx.tenantId, id: self.invoicingAccountId } }, select: { id: true, name: true, balance: true } }));
  if (!payer) throw new NotFoundError("No account pays for this account's messages.");
  return { accountId: payer.id, name: payer.name, balance: payer.balance, currency: self.currency, isOwn: payer.id === self.id };
}
