"use server";

import { revalidatePath } from "next/cache";
import { defineAction } from "@/lib/actions/define-action";
import { removeAutoRecharge } from "@/lib/domain/recharge/remove-auto-recharge";
import { removeBalanceAlert } from "@/lib/domain/recharge/remove-balance-alert";
import { accountIdSchema, autoRechargeRuleSchema, balanceAlertSchema } from "@/lib/domain/recharge/schemas";
import { setAutoRecharge } from "@/lib/domain/recharge/set-auto-recharge";
import { setBalanceAlert } from "@/lib/domain/recharge/set-balance-alert";

const revalidateAccount = (accountId: number) => revalidatePath(`/accounts/${accountId}`, "layout");

export const setAutoRechargeAction = defineAction({
  name: "setAutoRecharge",
  schema: autoRechargeRuleSchema,
  role: "owner",
  run: async (input, ctx) => {
    const rule = await setAutoRecharge({ ctx, input });
    revalidateAccount(rule.accountId);
    return {
      accountId: rule.accountId,
      enabled: rule.enabled,
      threshold: rule.threshold.toString(),
      amount: rule.amount?.toString() ?? null,
      target: rule.target?.toString() ?? null,
      maxPerDay: rule.maxPerDay,
      maxAmountPerDay: rule.maxAmountPerDay?.toString() ?? null,
    };
  },
});

export const removeAutoRechargeAction = defineAction({
  name: "removeAutoRecharge",
  schema: accountIdSchema,
  role: "owner",
  run: async (input, ctx) => {
    const result = await removeAutoRecharge({ ctx, input });
    revalidateAccount(input.accountId);
    return result;
  },
});

export const setBalanceAlertAction = defineAction({
  name: "setBalanceAlert",
  schema: balanceAlertSchema,
  role: "owner",
  run: async (input, ctx) => {
    const alert = await setBalanceAlert({ ctx, input });
    revalidateAccount(alert.accountId);
    return { accountId: alert.accountId, threshold: alert.threshold.toString(), notifyMembers: alert.notifyMembers, isBelow: alert.isBelow };
  },
});

export const removeBalanceAlertAction = defineAction({
  name: "removeBalanceAlert",
  schema: accountIdSchema,
  role: "owner",
  run: async (input, ctx) => {
    const result = await removeBalanceAlert({ ctx, input });
    revalidateAccount(input.accountId);
    return result;
  },
});
