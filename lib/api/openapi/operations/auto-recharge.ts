import { z } from "zod";
import { defineOperations } from "../operation";
import { accountIdParam } from "../primitives";
import { autoRechargeRuleSchema, putAutoRechargeBodySchema } from "@/lib/api/v1/auto-recharge";

const params = z.object({ id: accountIdParam });
const rule = {
  account_id: 57,
  enabled: true,
  threshold: "5",
  mode: "fixed",
  amount: "20",
  target: null,
  max_per_day: 3,
  max_amount_per_day: null,
  created_at: "2026-11-20T14:02:11.000Z",
  updated_at: "2026-11-24T08:15:40.000Z",
} as const;

export const AUTO_RECHARGE_OPERATIONS = defineOperations([
  {
    method: "get",
    path: "/api/v1/accounts/{id}/auto-recharge",
    operationId: "getAutoRecharge",
    summary: "Get the auto-recharge rule",
    tags: ["Auto-recharge"],
    params,
    responses: { 200: autoRechargeRuleSchema, 404: "The account has no rule, or is not in the key's subtree." },
    example: { params: { id: "57" }, response: rule },
  },
  {
    method: "put",
    path: "/api/v1/accounts/{id}/auto-recharge",
    operationId: "setAutoRecharge",
    summary: "Set the auto-recharge rule",
    description:
      "Creates or replaces the rule of an account below the key's own: when its balance falls below `threshold`, " +
      "its parent credits it `amount`, or tops it up to `target`. What the body leaves out takes its default.",
    tags: ["Auto-recharge"],
    params,
    body: putAutoRechargeBodySchema,
    responses: {
      200: autoRechargeRuleSchema,
      403: "The key's own account: its rule spends the parent's money, so the account above sets it.",
      404: "The account is not in the key's subtree.",
      422: "A field is invalid (e.g. both `amount` and `target`, or `target` not above `threshold`), or the account is the master.",
    },
    example: { params: { id: "57" }, body: { threshold: "5.00", amount: "20.00", max_per_day: 3 }, response: rule },
  },
  {
    method: "delete",
    path: "/api/v1/accounts/{id}/auto-recharge",
    operationId: "removeAutoRecharge",
    summary: "Remove the auto-recharge rule",
    description: "Answers 204 whether or not there was a rule; the recharge history stays.",
    tags: ["Auto-recharge"],
    params,
    responses: { 204: "Removed (or there was none).", 403: "The key's own account.", 404: "The account is not in the key's subtree." },
    example: { params: { id: "57" } },
  },
]);
