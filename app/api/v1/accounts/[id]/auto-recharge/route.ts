import { z } from "zod";
import { nativeRoute, readJsonBody } from "@/lib/api/native";
import { NotFoundError, ValidationError } from "@/lib/domain/errors";
import { getRechargeSettings } from "@/lib/domain/recharge/queries";
import { removeAutoRecharge } from "@/lib/domain/recharge/remove-auto-recharge";
import { autoRechargeRuleSchema, type AutoRechargeRuleInput } from "@/lib/domain/recharge/schemas";
import { setAutoRecharge } from "@/lib/domain/recharge/set-auto-recharge";
import { microToDecimalString } from "@/lib/money";

type Params = { id: string };
type Rule = NonNullable<Awaited<ReturnType<typeof getRechargeSettings>>["rule"]>;

// money as decimal strings only: a JSON number is a float by the time it is parsed
const money = z.string({ error: 'Send money as a decimal string, e.g. "5.00".' });
const optionalMoney = money.nullish();

/** PUT replaces the whole rule: what is left out takes its default (enabled, no daily limits). */
const putBodySchema = z
  .object({
    enabled: z.boolean({ error: "Send true or false." }).optional(),
    threshold: money,
    amount: optionalMoney,
    target: optionalMoney,
    max_per_day: z.number({ error: "Send a whole number of recharges, or null." }).int("Send a whole number of recharges, or null.").nullish(),
    max_amount_per_day: optionalMoney,
  })
  .superRefine((body, ctx) => {
    if ((body.amount == null) === (body.target == null)) {
      const message = 'Send exactly one of "amount" (a fixed recharge) and "target" (top up to that balance).';
      ctx.addIssue({ code: "custom", path: [body.amount == null ? "amount" : "target"], message });
    }
  });

// the domain schema's field names, as the wire spells them
const WIRE_NAMES: Record<string, string> = { maxPerDay: "max_per_day", maxAmountPerDay: "max_amount_per_day" };

function accountIdOf(params: Params) {
  if (!/^[1-9]\d{0,9}$/.test(params.id)) throw new NotFoundError("Account not found.");
  return Number(params.id);
}

function ruleJson(rule: Rule) {
  return {
    account_id: rule.accountId,
    enabled: rule.enabled,
    threshold: microToDecimalString(rule.threshold),
    mode: rule.target !== null ? "top_up" : "fixed",
    amount: rule.amount === null ? null : microToDecimalString(rule.amount),
    target: rule.target === null ? null : microToDecimalString(rule.target),
    max_per_day: rule.maxPerDay,
    max_amount_per_day: rule.maxAmountPerDay === null ? null : microToDecimalString(rule.maxAmountPerDay),
    created_at: rule.createdAt,
    updated_at: rule.updatedAt,
  };
}

/** The account's auto-recharge rule; 404 when it has none. */
export const GET = nativeRoute<Params>(async ({ ctx, params }) => {
  const { rule } = await getRechargeSettings(ctx, accountIdOf(params));
  if (!rule) throw new NotFoundError("This account has no auto-recharge rule.");
  return ruleJson(rule);
});

/** Creates or replaces the rule of an account below the key's own (the key's account pays for it). */
export const PUT = nativeRoute<Params>(async ({ req, ctx, params }) => {
  const accountId = accountIdOf(params);
  const body = await readJsonBody(req, putBodySchema);
  const input: AutoRechargeRuleInput = {
    accountId,
    enabled: body.enabled ?? true,
    threshold: body.threshold,
    mode: body.target != null ? "top_up" : "fixed",
    amount: body.amount,
    target: body.target,
    maxPerDay: body.max_per_day,
    maxAmountPerDay: body.max_amount_per_day,
  };
  // the domain's rules (positive amounts, target above threshold), reported under the wire's field names
  const checked = autoRechargeRuleSchema.safeParse(input);
  if (!checked.success) {
    const details: Record<string, string[]> = {};
    for (const issue of checked.error.issues) {
      const key = issue.path.map(String).map((p) => WIRE_NAMES[p] ?? p).join(".") || "_";
      (details[key] ??= []).push(issue.message);
    }
    throw new ValidationError("Check the request fields.", details);
  }
  return ruleJson(await setAutoRecharge({ ctx, input }));
});

/** Removes the rule (204 whether or not there was one); the recharge history stays. */
export const DELETE = nativeRoute<Params>(async ({ ctx, params }) => {
  await removeAutoRecharge({ ctx, input: { accountId: accountIdOf(params) } });
});
