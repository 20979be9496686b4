// The native API's money on the wire: credit/debit/top-up requests, the transfer they answer with, and the
// ledger list. The Idempotency-Key header is read in ./idempotency.ts (it needs the request helpers).
import { z } from "zod";
import type { PostedTransfer } from "@/lib/domain/ledger/post-transfer";
import type { LedgerLine } from "@/lib/domain/ledger/queries";
import { TRANSFER_KINDS, type ListTransfersQuery } from "@/lib/domain/ledger/list-transfers-schema";
import { microToDecimalString, parseMoney } from "@/lib/money";
import { jsonResponse } from "../json";
import { idQuerySchema, isoDateTimeSchema, isoDaySchema, moneyFilterSchema, moneySchema, pageOf, pageQueryShape, positiveMoneyInputSchema } from "./common";

/** The domain's field names as the wire spells them, for validation details. */
export const MONEY_FIELD_NAMES: Record<string, string> = { memberId: "id", accountId: "id" };

// ---- requests

export const moveMoneyRequestSchema = z
  .object({
    amount: positiveMoneyInputSchema,
    memo: z.string({ error: "Send the memo as a string, or null." }).max(200, "Keep the memo under 200 characters.").nullish(),
  })
  .meta({
    id: "MoveMoneyRequest",
    description: "An amount of the tenant's currency. Send an Idempotency-Key header too: the same key and body replay the first result.",
  });

const KIND_LIST = TRANSFER_KINDS.join(", ");

export const listTransfersQuerySchema = z
  .object({
    ...pageQueryShape,
    kind: z.enum(TRANSFER_KINDS, { error: `Use one of ${KIND_LIST}.` }).optional(),
    member_id: idQuerySchema.optional().describe("only transfers touching this account of the subtree"),
    scope: z.enum(["account", "subtree"], { error: "Use account or subtree." }).default("account").describe("subtree: also the transfers of every account below"),
    from: isoDaySchema.optional().describe("first UTC day, inclusive"),
    to: isoDaySchema.optional().describe("last UTC day, inclusive"),
    min_amount: moneyFilterSchema.optional(),
    max_amount: moneyFilterSchema.optional(),
    sort: z.enum(["newest", "oldest"], { error: "Use newest or oldest." }).default("newest"),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { path: ["from"], message: '"from" must not be after "to".' })
  .meta({ id: "ListTransfersQuery", description: "Filters, sort and paging of an account's ledger, as on the ledger page." });

export function ledgerQueryOf(query: z.output<typeof listTransfersQuerySchema>): ListTransfersQuery {
  const micro = (v: string | undefined) => {
    if (v === undefined) return undefined;
    const parsed = parseMoney(v);
    return parsed.ok ? parsed.micro : undefined;
  };
  return {
    page: query.page,
    // the ledger page offers 25, 50 and 100; the query takes any size
    pageSize: query.per_page as ListTransfersQuery["pageSize"],
    kind: query.kind,
    member: query.member_id,
    scope: query.scope,
    from: query.from,
    to: query.to,
    min: micro(query.min_amount),
    max: micro(query.max_amount),
    sort: query.sort,
  };
}

// ---- responses

const kindField = z.enum(TRANSFER_KINDS);

export const transferSchema = z
  .object({
    id: z.string().describe("the journal line's id (a 64-bit integer, as a string)"),
    kind: kindField,
    amount: moneySchema,
    currency: z.string().length(3),
    from_account_id: z.number().int(),
    to_account_id: z.number().int(),
    from_balance_after: moneySchema,
    to_balance_after: moneySchema,
    memo: z.string().nullable(),
    created_at: isoDateTimeSchema,
  })
  .meta({ id: "Transfer", description: "A ledger transfer. A replay (same Idempotency-Key and body) answers with the first one and `Idempotent-Replayed: true`." });
export type TransferJson = z.output<typeof transferSchema>;

export const ledgerLineSchema = z
  .object({
    id: z.string(),
    kind: kindField,
    amount: moneySchema,
    from_account_id: z.number().int(),
    from_name: z.string(),
    from_balance_after: moneySchema,
    to_account_id: z.number().int(),
    to_name: z.string(),
    to_balance_after: moneySchema,
    signed_amount: moneySchema.nullable().describe("seen from the listed account: positive in, negative out; null when it is not a side"),
    balance_after: moneySchema.nullable().describe("the listed account's balance after this line, when it is a side"),
    actor: z.string().describe("who did it: a user's name, an API key's name, or System"),
    memo: z.string().nullable(),
    created_at: isoDateTimeSchema,
  })
  .meta({ id: "LedgerLine" });

export const transferListSchema = pageOf(ledgerLineSchema)
  .extend({ currency: z.string().length(3) })
  .meta({ id: "TransferList", description: "One page of an account's ledger." });

const money = (micro: string | bigint) => microToDecimalString(BigInt(micro));

export function transferJson(t: PostedTransfer, currency: string): TransferJson {
  return {
    id: t.id.toString(),
    kind: t.kind,
    amount: money(t.amount),
    currency,
    from_account_id: t.fromAccountId,
    to_account_id: t.toAccountId,
    from_balance_after: money(t.fromBalanceAfter),
    to_balance_after: money(t.toBalanceAfter),
    memo: t.memo,
    created_at: t.createdAt.toISOString(),
  };
}

/** 201 with the transfer; a replay says so in a header, so that a client can tell a retry from a new move. */
export function transferResponse(t: PostedTransfer, currency: string): Response {
  return jsonResponse(transferJson(t, currency), { status: 201, headers: t.replayed ? { "idempotent-replayed": "true" } : undefined });
}

export function transferListJson(list: { rows: LedgerLine[]; total: number; page: number; pageSize: number }, currency: string): z.output<typeof transferListSchema> {
  return {
    data: list.rows.map((l) => ({
      id: l.id,
      kind: l.kind,
      amount: money(l.amount),
      from_account_id: l.fromAccountId,
      from_name: l.fromName,
      from_balance_after: money(l.fromBalanceAfter),
      to_account_id: l.toAccountId,
      to_name: l.toName,
      to_balance_after: money(l.toBalanceAfter),
      signed_amount: l.signedAmount === null ? null : money(l.signedAmount),
      balance_after: l.balanceAfter === null ? null : money(l.balanceAfter),
      actor: l.actor,
      memo: l.memo,
      created_at: l.createdAt,
    })),
    page: list.page,
    per_page: list.pageSize,
    total: list.total,
    currency,
  };
}
