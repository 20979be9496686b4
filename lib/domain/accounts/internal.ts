import type { DbClient } from "@/lib/db/client";
import { NotFoundError } from "@/lib/domain/errors";
import type { DomainContext } from "@/lib/domain/context";

/** The next account id, taken before the insert: a master's tenant id and a postpaid self-invoice need it. */
export async function nextAccountId(db: DbClient): Promise<number> {
  const [row] = await db.$queryRaw<{ id: bigint }[]>`SELECT nextval(pg_get_serial_sequence('account', 'id')) AS id`;
  return Number(row.id);
}

/**
 * Fetches a customer account that lies in the caller's subtree (DESIGN.md §2: actor ∈ target.path), or throws
 * NotFoundError: another tenant's or another branch's id is indistinguishable from a missing one.
 */
export async function getAccountInSubtree(db: DbClient, ctx: Pick<DomainContext, "tenantId" | "accountId">, accountId: number) {
  const account = await db.account.findFirst({
    where: { tenantId: ctx.tenantId, id: accountId, kind: "customer", path: { has: ctx.accountId } },
  });
  if (!account) throw new NotFoundError("Account not found.");
  return account;
}
