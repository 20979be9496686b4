import { createHash } from "node:crypto";
import { prisma, type DbClient } from "@/lib/db/client";
import { toDomainError } from "@/lib/db/errors";
import { withRetry } from "@/lib/db/transaction";
import type { TransferKind } from "@/lib/db/generated/enums";
import { actorColumns, type Actor } from "@/lib/domain/context";

export type PostTransferInput = {
  tenantId: number;
  kind: TransferKind;
  fromAccountId: number;
  toAccountId: number;
  /** micro-units, > 0 */
  amount: bigint;
  idempotencyKey?: string | null;
  actor: Actor;
  memo?: string | null;
  /** for error messages */
  currency?: string;
};

export type PostedTransfer = {
  id: bigint;
  kind: TransferKind;
  fromAccountId: number;
  toAccountId: number;
  amount: bigint;
  fromBalanceAfter: bigint;
  toBalanceAfter: bigint;
  memo: string | null;
  createdAt: Date;
  /** true when an earlier request with the same idempotency key produced this transfer */
  replayed: boolean;
};

type Row = {
  id: bigint;
  kind: TransferKind;
  from_account_id: number;
  to_account_id: number;
  amount: bigint;
  from_balance_after: bigint;
  to_balance_after: bigint;
  memo: string | null;
  created_at: Date;
  replayed: boolean;
};

/** What makes two requests "the same" for idempotency: everything that decides what moves. */
export function transferRequestHash(input: Pick<PostTransferInput, "kind" | "fromAccountId" | "toAccountId" | "amount" | "memo">) {
  return createHash("sha256")
    .update(JSON.stringify([input.kind, input.fromAccountId, input.toAccountId, input.amount.toString(), input.memo ?? null]))
    .digest("hex");
}

/**
 * The one way money moves. A single call of the SQL function ledger_post_transfer() (first migration): it
 * locks both accounts in ascending id order, checks the parent edge, the statuses and the prepaid balance on
 * the locked rows, updates both balances and appends the journal line, all in one statement.
 *
 * Given `tx`, it joins that transaction (a multi-leg operation commits whole or not at all). Without one, the
 * statement is its own transaction: one round trip, retried on serialization failure or deadlock.
 */
export async function postTransfer(input: PostTransferInput, tx?: DbClient): Promise<PostedTransfer> {
  const { actorUserId, actorApiKeyId } = actorColumns(input.actor);
  const requestHash = input.idempotencyKey ? transferRequestHash(input) : null;
  const run = async (db: DbClient) => {
    const rows = await db.$queryRaw<Row[]>`
      SELECT * FROM ledger_post_transfer(${input.tenantId}::int, ${input.kind}::transfer_kind,
        ${input.fromAccountId}::int, ${input.toAccountId}::int, ${input.amount}::bigint,
        ${input.idempotencyKey ?? null}::text, ${requestHash}::text, ${actorUserId}::int, ${actorApiKeyId}::int,
        ${input.memo ?? null}::text)`;
    const row = rows[0];
    return {
      id: row.id,
      kind: row.kind,
      fromAccountId: row.from_account_id,
      toAccountId: row.to_account_id,
      amount: row.amount,
      fromBalanceAfter: row.from_balance_after,
      toBalanceAfter: row.to_balance_after,
      memo: row.memo,
      createdAt: row.created_at,
      replayed: row.replayed,
    };
  };
  try {
    return tx ? await run(tx) : await withRetry(() => run(prisma));
  } catch (err) {
    throw toDomainError(err, input.currency);
  }
}
