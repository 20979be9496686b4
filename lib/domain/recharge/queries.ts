import { prisma } from "@/lib/db/client";
import type { DomainContext } from "@/lib/domain/context";
import { getAccountInSubtree } from "@/lib/domain/accounts/internal";

type Scope = Pick<DomainContext, "tenantId" | "accountId">;

/** An account's auto-recharge rule and low-balance alert (null when none), for the member page and the API. */
export async function getRechargeSettings(ctx: Scope, accountId: number) {
  const account = await getAccountInSubtree(prisma, ctx, accountId);
  const [rule, alert] = await Promise.all([
    prisma.autoRechargeRule.findUnique({ where: { tenantId_accountId: { tenantId: ctx.tenantId, accountId: account.id } } }),
    prisma.balanceAlert.findUnique({ where: { tenantId_accountId: { tenantId: ctx.tenantId, accountId: account.id } } }),
  ]);
  return { account, rule, alert };
}

/** The account's recharge attempts, newest first: made (with the transfer) and failed (with the reason). */
export async function listRechargeEvents(ctx: Scope, accountId: number, limit = 20) {
  const account = await getAccountInSubtree(prisma, ctx, accountId);
  return prisma.autoRechargeEvent.findMany({
    where: { tenantId: ctx.tenantId, accountId: account.id },
    orderBy: { id: "desc" },
    take: limit,
  });
}
