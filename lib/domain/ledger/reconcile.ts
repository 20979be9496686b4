import { prisma, type DbClient } from "@/lib/db/client";

export type LedgerDiscrepancy = {
  check: "tenant_sum_not_zero" | "balance_not_replay" | "prepaid_negative" | "closed_holds_money";
  tenantId: number;
  accountId: number | null;
  detail: string;
};

/**
 * The ledger's invariants (DESIGN.md §9.1, §9.2, §9.7) checked against the data: every tenant sums to zero,
 * every balance equals the replay of its transfers, no prepaid balance is negative, no closed account holds
 * money. Returns the offending rows; an empty list means the books balance.
 */
export async function findLedgerDiscrepancies(db: DbClient = prisma, tenantId?: number): Promise<LedgerDiscrepancy[]> {
  const tenantFilter = tenantId ?? null;
  return db.$queryRaw<LedgerDiscrepancy[]>`
    WITH flows AS (
      SELECT tenant_id, to_account_id AS account_id, amount FROM transfer WHERE ${tenantFilter}::int IS NULL OR tenant_id = ${tenantFilter}::int
      UNION ALL
      SELECT tenant_id, from_account_id, -amount FROM transfer WHERE ${tenantFilter}::int IS NULL OR tenant_id = ${tenantFilter}::int
    ), replay AS (
      SELECT tenant_id, account_id, sum(amount) AS balance FROM flows GROUP BY tenant_id, account_id
    ), accounts AS (
      SELECT * FROM account WHERE ${tenantFilter}::int IS NULL OR tenant_id = ${tenantFilter}::int
    )
    SELECT 'tenant_sum_not_zero' AS "check", tenant_id AS "tenantId", NULL::int AS "accountId", 'sum ' || sum(balance) AS detail
      FROM accounts GROUP BY tenant_id HAVING sum(balance) <> 0
    UNION ALL
    SELECT 'balance_not_replay', a.tenant_id, a.id, 'balance ' || a.balance || ' replay ' || coalesce(r.balance, 0)
      FROM accounts a LEFT JOIN replay r ON r.tenant_id = a.tenant_id AND r.account_id = a.id
      WHERE a.balance <> coalesce(r.balance, 0)
    UNION ALL
    SELECT 'prepaid_negative', tenant_id, id, 'balance ' || balance
      FROM accounts WHERE kind = 'customer' AND payment_model = 'prepaid' AND balance < 0
    UNION ALL
    SELECT 'closed_holds_money', tenant_id, id, 'balance ' || balance
      FROM accounts WHERE status = 'closed' AND balance <> 0`;
}
