import { idFromPath } from "@/lib/api/v1/common";
import { nativeRoute, readJsonBody } from "@/lib/api/native";
import { putAutoRechargeBodySchema as putBodySchema, type AutoRechargeRuleJson } from "@/lib/api/v1/auto-recharge";
import { NotFoundError, ValidationError } from "@/lib/domain/errors";
import { getRechargeSettings } from "@/lib/domain/recharge/queries";
import { removeAutoRecharge } from "@/lib/domain/recharge/remove-auto-recharge";
import { autoRechargeRuleSchema, type AutoRechargeRuleInput } from "@/lib/domain/recharge/schemas";
import { setAutoRecharge } from "@/lib/domain/recharge/set-auto-recharge";
import { microToDecimalString } from "@/lib/money";

type Params = { id: string };
type Rule = NonNullable<Awaited<ReturnType<typeof getRechargeSettings>>["rule"]>;

// the domain schema's field names, as the wire spells them
const WIRE_NAMES: Record<string, string> = { maxPerDay: "max_per_day", maxAmountPerDay: "max_amount_per_day" };

// a 10-digit id can be past the column's range: idFromPath refuses it as not found instead of failing the query
const accountIdOf = (params: Params) => idFromPath(params.id, "Account not found.");

function ruleJson(rule: Rule): AutoRechargeRuleJson {
  return {
    account_id: rule.accountId,
    enabled: rule.enabled,
    threshold: microToDecimalString(rule.threshold),
    mode: rule.target !== null ? "top_up" : "fixed",
    amount: rule.amount === null ? null : microToDecimalString(rule.amount),
    target: rule.target === null ? null : microToDecimalString(rule.target),
    max_per_day: rule.maxPerDay,
    max_amount_per_day: rule.maxAmountPerDay === null ? null : microToDecimalString(rule.maxAmountPerDay),
    created_at: rule.createdAt.toISOString(),
    updated_at: rule.updatedAt.toISOString(),
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
