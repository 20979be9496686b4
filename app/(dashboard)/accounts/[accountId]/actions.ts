"use server";

import { revalidatePath } from "next/cache";
import { defineAction } from "@/lib/actions/define-action";
import { creditMember } from "@/lib/domain/ledger/credit-member";
import { debitMember } from "@/lib/domain/ledger/debit-member";
import type { PostedTransfer } from "@/lib/domain/ledger/post-transfer";
import { balanceActionSchema } from "@/lib/domain/ledger/schemas";

const transferResult = (t: PostedTransfer) => ({
  transferId: t.id.toString(),
  fromBalanceAfter: t.fromBalanceAfter.toString(),
  toBalanceAfter: t.toBalanceAfter.toString(),
  replayed: t.replayed,
});

function revalidateAccounts(...ids: number[]) {
  for (const id of ids) revalidatePath(`/accounts/${id}`, "layout");
}

export const creditMemberAction = defineAction({
  name: "creditMember",
  schema: balanceActionSchema,
  role: "owner",
  run: async ({ accountId, ...input }, ctx) => {
    const transfer = await creditMember({ ctx, input: { memberId: accountId, ...input } });
    revalidateAccounts(transfer.fromAccountId, transfer.toAccountId);
    return transferResult(transfer);
  },
});

export const debitMemberAction = defineAction({
  name: "debitMember",
  schema: balanceActionSchema,
  role: "owner",
  run: async ({ accountId, ...input }, ctx) => {
    const transfer = await debitMember({ ctx, input: { memberId: accountId, ...input } });
    revalidateAccounts(transfer.fromAccountId, transfer.toAccountId);
    return transferResult(transfer);
  },
});
