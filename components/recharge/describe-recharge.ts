import { formatAmount } from "@/lib/money";

/** A rule as it crosses to the browser: micro-units as strings (bigint does not serialise). */
export type RuleSummary = {
  enabled: boolean;
  threshold: string;
  amount: string | null;
  target: string | null;
  maxPerDay?: number | null;
  maxAmountPerDay?: string | null;
};

const money = (micro: string, currency: string) => formatAmount(BigInt(micro), currency);

/** "below €5.00, +€20.00" or "below €5.00, up to €50.00": the rule in a few words, for badges and labels. */
export function ruleInShort(rule: RuleSummary, currency: string) {
  const refill = rule.target !== null ? `up to ${money(rule.target, currency)}` : `+${money(rule.amount ?? "0", currency)}`;
  return `below ${money(rule.threshold, currency)}, ${refill}`;
}

/** The team page's indicator label: "Auto-recharge on: below €5.00, +€20.00". */
export function ruleIndicatorLabel(rule: RuleSummary, currency: string) {
  return `Auto-recharge ${rule.enabled ? "on" : "paused"}: ${ruleInShort(rule, currency)}`;
}

/** "At most 3 recharges and €60.00 a day (UTC)", or null without a daily limit. */
export function dailyLimitsText(rule: RuleSummary, currency: string) {
  const parts = [
    rule.maxPerDay ? `${rule.maxPerDay.toLocaleString("en-US")} ${rule.maxPerDay === 1 ? "recharge" : "recharges"}` : null,
    rule.maxAmountPerDay ? money(rule.maxAmountPerDay, currency) : null,
  ].filter((p): p is string => p !== null);
  return parts.length ? `At most ${parts.join(" and ")} a day (UTC)` : null;
}

/** The ledger records why a recharge failed in words for people; this makes it a sentence. */
export function describeRechargeFailure(reason: string | null) {
  if (!reason) return "The recharge failed.";
  const sentence = reason.charAt(0).toUpperCase() + reason.slice(1);
  return /[.!?]$/.test(sentence) ? sentence : `${sentence}.`;
}
