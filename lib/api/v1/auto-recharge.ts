// The native auto-recharge wire (/api/v1/accounts/{id}/auto-recharge): the PUT body and the rule as replies
// carry it.
import { z } from "zod";
import { decimalString, timestamp } from "@/lib/api/openapi/primitives";

// money as decimal strings only: a JSON number is a float by the time it is parsed
const money = z.string({ error: 'Send money as a decimal string, e.g. "5.00".' }).meta({ description: "A decimal string of the currency.", examples: ["5.00"] });
const optionalMoney = money.nullish();

/** PUT replaces the whole rule: what is left out takes its default (enabled, no daily limits). */
export const putAutoRechargeBodySchema = z
  .object({
    enabled: z.boolean({ error: "Send true or false." }).optional().meta({ description: "Default true." }),
    threshold: money.meta({ description: "Recharge when the balance falls below this." }),
    amount: optionalMoney.meta({ description: 'A fixed recharge. Send exactly one of "amount" and "target".' }),
    target: optionalMoney.meta({ description: "Top the balance up to this; above the threshold." }),
    max_per_day: z
      .number({ error: "Send a whole number of recharges, or null." })
      .int("Send a whole number of recharges, or null.")
      .nullish()
      .meta({ description: "At most this many recharges per UTC day; null for no limit." }),
    max_amount_per_day: optionalMoney.meta({ description: "At most this much recharged per UTC day; null for no limit." }),
  })
  .superRefine((body, ctx) => {
    if ((body.amount == null) === (body.target == null)) {
      const message = 'Send exactly one of "amount" (a fixed recharge) and "target" (top up to that balance).';
      ctx.addIssue({ code: "custom", path: [body.amount == null ? "amount" : "target"], message });
    }
  })
  .meta({ id: "AutoRechargeRuleRequest", description: "The whole rule; a GET reply sent back as it is is a valid PUT." });

export const autoRechargeRuleSchema = z
  .object({
    account_id: z.int(),
    enabled: z.boolean(),
    threshold: decimalString,
    mode: z.enum(["fixed", "top_up"]).meta({ description: "fixed: add `amount`; top_up: bring the balance to `target`." }),
    amount: decimalString.nullable(),
    target: decimalString.nullable(),
    max_per_day: z.int().nullable(),
    max_amount_per_day: decimalString.nullable(),
    created_at: timestamp,
    updated_at: timestamp,
  })
  .meta({ id: "AutoRechargeRule", description: "The account's auto-recharge rule. The parent account pays each recharge." });
export type AutoRechargeRuleJson = z.infer<typeof autoRechargeRuleSchema>;
