import { Zap, ZapOff } from "lucide-react";
import Link from "next/link";
import { formatMoney } from "@/lib/money";
import { cn } from "@/lib/utils";
import { ruleIndicatorLabel, type RuleSummary } from "./describe-recharge";

/**
 * A member row's auto-recharge at a glance: the refill in short, the whole rule in its accessible name and
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
  const refill = rule.target !== null ? `to ${formatMoney(BigInt(rule.target), currency)}` : `+${formatMoney(BigInt(rule.amount ?? "0"), currency)}`;
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
    </Link>
  );
}
