import { z } from "zod";
import { parseMoney } from "@/lib/money";

/** A decimal string ("12.50") or micro-units already (bigint), into micro-units > 0; never a float. */
export const positiveAmountSchema = z.union([z.string(), z.bigint()]).transform((value, ctx) => {
  if (typeof value === "bigint") {
    if (value <= 0n) ctx.addIssue({ code: "custom", message: "The amount must be positive." });
    return value;
  }
  const parsed = parseMoney(value);
  if (!parsed.ok) {
    ctx.addIssue({ code: "custom", message: parsed.error });
    return z.NEVER;
  }
  if (parsed.micro <= 0n) {
    ctx.addIssue({ code: "custom", message: "The amount must be positive." });
    return z.NEVER;
  }
  return parsed.micro;
});

export const idempotencyKeySchema = z.string().trim().min(8, "The idempotency key is too short.").max(128);

const memoSchema = z.string().trim().max(200, "Keep the memo under 200 characters.").nullish().transform((m) => m || null);

export const addFundsSchema = z.object({
  accountId: z.number().int().positive(),
  amount: positiveAmountSchema,
  memo: memoSchema,
  idempotencyKey: idempotencyKeySchema,
});
export type AddFundsInput = z.input<typeof addFundsSchema>;

export const moveMemberFundsSchema = z.object({
  memberId: z.number().int().positive(),
  amount: positiveAmountSchema,
  memo: memoSchema,
  idempotencyKey: idempotencyKeySchema,
});
export type MoveMemberFundsInput = z.input<typeof moveMemberFundsSchema>;

/** What the balance dialogs submit: the amount as typed, checked with the same rules as the server's. */
export const balanceFormSchema = z.object({
  amount: z.string().superRefine((value, ctx) => {
    const parsed = parseMoney(value);
    if (!parsed.ok) ctx.addIssue({ code: "custom", message: parsed.error });
    else if (parsed.micro <= 0n) ctx.addIssue({ code: "custom", message: "The amount must be positive." });
  }),
  memo: z.string().trim().max(200, "Keep the memo under 200 characters."),
});
export type BalanceFormValues = z.infer<typeof balanceFormSchema>;

/** A balance dialog's server action input: the target account, the form, and the form's idempotency key. */
export const balanceActionSchema = z.object({
  accountId: z.number().int().positive(),
  amount: positiveAmountSchema,
  memo: memoSchema,
  idempotencyKey: idempotencyKeySchema,
});
