import { createHash } from "node:crypto";
import type { DbClient } from "@/lib/db/client";
import { ledgerBatchesInFlight, sqlPool } from "@/lib/db/pool";
import { domainErrorFromSqlState, toDomainError } from "@/lib/db/errors";
import { GroupCommit } from "@/lib/db/group-commit";
import type { TransferKind } from "@/lib/db/generated/enums";
import { actorColumns, type Actor, type RequestMeta } from "@/lib/domain/context";
import type { AuditAction } from "@/lib/domain/audit/actions";

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
  /** an admin's move: the audit row the ledger writes next to the transfer (charges, refunds: none) */
  audit?: { action: Extract<AuditAction, "funds_added" | "member_credited" | "member_debited" | "balance_swept">; request?: RequestMeta };
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

type ResultRow = {
  ord: number;
  id: bigint | null;
  kind: TransferKind;
  from_account_id: number;
  to_account_id: number;
  amount: bigint;
  from_balance_after: bigint | null;
  to_balance_after: bigint | null;
  memo: string | null;
  created_at: Date | null;
  replayed: boolean;
  error_code: string | null;
  error_message: string | null;
};

/** What makes two requests "the same" for idempotency: everything that decides what moves. */
export function transferRequestHash(input: Pick<PostTransferInput, "kind" | "fromAccountId" | "toAccountId" | "amount" | "memo">) {
  return createHash("sha256")
    .update(JSON.stringify([input.kind, input.fromAccountId, input.toAccountId, input.amount.toString(), input.memo ?? null]))
    .digest("hex");
}

function toItem(input: PostTransferInput, ord: number) {
  const { actorUserId, actorApiKeyId } = actorColumns(input.actor);
  return {
    ord,
    tenant_id: input.tenantId,
    kind: input.kind,
    from_id: input.fromAccountId,
    to_id: input.toAccountId,
    amount: input.amount.toString(), // a JSON number would lose precision past 2^53
    idempotency_key: input.idempotencyKey ?? null,
    request_hash: input.idempotencyKey ? transferRequestHash(input) : null,
    actor_user_id: actorUserId,
    actor_api_key_id: actorApiKeyId,
    memo: input.memo ?? null,
    audit_action: input.audit?.action ?? null,
    audit_ip: input.audit?.request?.ip ?? null,
    audit_user_agent: input.audit?.request?.userAgent ?? null,
  };
}

type PgResultRow = Omit<ResultRow, "id" | "amount" | "from_balance_after" | "to_balance_after"> & {
  id: string | null;
  amount: string;
  from_balance_after: string | null;
  to_balance_after: string | null;
};

const BATCH_SQL = "SELECT * FROM ledger_post_transfers($1::jsonb)";
const big = (v: string | null) => (v === null ? null : BigInt(v));

/**
 * Runs ledger_post_transfers() (prisma/sql/ledger_post_transfers.sql) for a batch; one result per input, in
 * order. Inside a caller's transaction it goes through that Prisma transaction; on its own, through the ledger's
 * pg pool.
 */
async function postBatch(db: DbClient | "pool", inputs: PostTransferInput[]): Promise<(PostedTransfer | Error)[]> {
  const items = JSON.stringify(inputs.map(toItem));
  let rows: ResultRow[];
  if (db === "pool") {
    // a named statement: parsed and planned once per connection, not once per batch
    const result = await sqlPool().query<PgResultRow>({ name: "ledger_post_transfers", text: BATCH_SQL, values: [items] });
    rows = result.rows.map((r) => ({ ...r, id: big(r.id), amount: BigInt(r.amount), from_balance_after: big(r.from_balance_after), to_balance_after: big(r.to_balance_after) }));
  } else {
    rows = await db.$queryRaw<ResultRow[]>`SELECT * FROM ledger_post_transfers(${items}::jsonb)`;
  }
  const byOrd = new Map(rows.map((r) => [r.ord, r]));
  return inputs.map((input, ord) => {
    const row = byOrd.get(ord);
    if (!row) return new Error(`the ledger returned no result for transfer ${ord}`);
    if (row.error_code) {
      return domainErrorFromSqlState(row.error_code, row.error_message ?? "", input.currency) ?? new Error(row.error_message ?? row.error_code);
    }
    return {
      id: row.id!,
      kind: row.kind,
      fromAccountId: row.from_account_id,
      toAccountId: row.to_account_id,
      amount: row.amount,
      fromBalanceAfter: row.from_balance_after!,
      toBalanceAfter: row.to_balance_after!,
      memo: row.memo,
      createdAt: row.created_at!,
      replayed: row.replayed,
    };
  });
}

const globalForLedger = globalThis as unknown as { subledgerTransferBatcher?: GroupCommit<PostTransferInput, PostedTransfer> };
const batcher = (globalForLedger.subledgerTransferBatcher ??= new GroupCommit<PostTransferInput, PostedTransfer>({
  maxInFlight: ledgerBatchesInFlight(),
  maxBatch: 64,
  execute: (inputs) => postBatch("pool", inputs),
  keyOf: (input) => (input.idempotencyKey ? `${input.tenantId}:${input.idempotencyKey}` : null),
  // both sides' rows are locked until commit (an auto-recharge may lock more; the fixed lock order keeps that safe)
  locksOf: (input) => [`${input.tenantId}:${input.fromAccountId}`, `${input.tenantId}:${input.toAccountId}`],
  mapError: (err, input) => toDomainError(err, input.currency),
}));

/**
 * The one way money moves: ledger_post_transfers() (prisma/sql/ledger_post_transfers.sql) locks the accounts in
 * the fixed order, checks the parent edge, the statuses and the prepaid balance on the locked rows, moves both
 * balances and appends the journal line.
 *
 * Given `tx`, it runs inside that transaction, so that a multi-leg operation commits whole or not at all.
 * Without one, it joins the group commit: one statement, retried on serialization failure or deadlock.
 */
export async function postTransfer(input: PostTransferInput, tx?: DbClient): Promise<PostedTransfer> {
  if (!tx) return batcher.submit(input);
  const [result] = await postBatch(tx, [input]).catch((err) => {
    throw toDomainError(err, input.currency);
  });
  if (result instanceof Error) throw result;
  return result;
}
