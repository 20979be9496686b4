import { Zap, ZapOff } from "lucide-react";
import Link from "next/link";
import { formatAmount } from "@/lib/money";
import { cn } from "@/lib/utils";
import { ruleIndicatorLabel, type RuleSummary } from "./describe-recharge";

/**
 * A member row's auto-recharge at a glance: the refill and when it comes ("+€20.00 below €5.00"), the whole rule in its accessible name and
 * tooltip, linking to the member's overview where the rule is edited.
 */
export function AutoRechargeIndicator({ accountId, rule, currency }: { accountId: number; rule: RuleSummary | null; currency: string }) {
  if (!rule) {
    return (
      <span className="text-muted-foreground">
        <span aria-hidden>—</span>
        <span className="sr-only">Auto-recharge off</span>
      </span>
    );
  }
  const label = ruleIndicatorLabel(rule, currency);
  // what the amount is, in the cell itself: "+€20.00" alone read as a balance or a spend
  const refill = rule.target !== null ? `to ${formatAmount(BigInt(rule.target), currency)}` : `+${formatAmount(BigInt(rule.amount ?? "0"), currency)}`;
  const when = `below ${formatAmount(BigInt(rule.threshold), currency)}`;
  const Icon = rule.enabled ? Zap : ZapOff;
  return (
    <Link
      href={`/accounts/${accountId}#auto-recharge`}
      aria-label={label}
      title={label}
      className={cn(
        "inline-flex items-center gap-1 rounded-md border px-1.5 py-0.5 text-xs font-medium whitespace-nowrap tabular-nums transition-colors hover:bg-accent",
        rule.enabled ? "border-primary/30 bg-primary/5 text-foreground" : "border-dashed text-muted-foreground",
      )}
    >
      <Icon className={cn("size-3", rule.enabled ? "text-primary" : "")} aria-hidden />
      {refill}
      <span className="font-normal text-muted-foreground">{when}</span>
    </Link>
  );
}
