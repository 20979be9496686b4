import { z } from "zod";
import { positiveAmountSchema } from "@/lib/domain/ledger/schemas";

/**
 * An auto-recharge rule (DESIGN.md §3): below `threshold`, the parent tops the account up by a fixed `amount`
 * or up to `target`; optional caps per UTC day on the number and the sum of recharges.
 */
export const autoRechargeRuleSchema = z
  .object({
    accountId: z.number().int().positive(),
    enabled: z.boolean().default(true),
    threshold: positiveAmountSchema,
    mode: z.enum(["fixed", "top_up"]),
    amount: positiveAmountSchema.nullish(),
    target: positiveAmountSchema.nullish(),
    maxPerDay: z.number().int().positive("The daily limit must be at least 1.").max(1000, "At most 1,000 recharges a day.").nullish(),
    maxAmountPerDay: positiveAmountSchema.nullish(),
  })
  .superRefine((rule, ctx) => {
    if (rule.mode === "fixed" && rule.amount == null) ctx.addIssue({ code: "custom", path: ["amount"], message: "Enter the amount of each recharge." });
    if (rule.mode === "top_up") {
      if (rule.target == null) ctx.addIssue({ code: "custom", path: ["target"], message: "Enter the balance to top up to." });
      else if (rule.target <= rule.threshold) ctx.addIssue({ code: "custom", path: ["target"], message: "The target must be above the threshold." });
    }
  });
export type AutoRechargeRuleInput = z.input<typeof autoRechargeRuleSchema>;

export const balanceAlertSchema = z.object({
  accountId: z.number().int().positive(),
  threshold: positiveAmountSchema,
  notifyMembers: z.boolean().default(false),
});
export type BalanceAlertInput = z.input<typeof balanceAlertSchema>;

export const accountIdSchema = z.object({ accountId: z.number().int().positive() });
