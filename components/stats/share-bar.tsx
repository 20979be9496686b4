import { cn } from "@/lib/utils";
import { formatPercent } from "./chart-scale";

/** A share (0..1) as a thin bar and its percentage; the number is the information, the bar a glance. */
export function ShareBar({ ratio, className, label, wideOnly = false }: {
  ratio: number;
  className?: string;
  label?: string;
  /** the bar only on wide screens, for tables that share a row with another */
  wideOnly?: boolean;
}) {
  const width = Math.max(0, Math.min(1, ratio)) * 100;
  return (
    <span className={cn("flex items-center justify-end gap-2", className)}>
      <span aria-hidden className={cn("hidden h-1.5 w-16 overflow-hidden rounded-full bg-muted", wideOnly ? "2xl:block" : "sm:block")}>
        <span className="block h-full rounded-full bg-primary/70" style={{ width: `${width}%` }} />
      </span>
      <span className="w-14 text-right tabular-nums" aria-label={label}>{formatPercent(ratio)}</span>
    </span>
  );
}
