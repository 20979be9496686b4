import type { ComponentProps } from "react";
import { moneyText, type MoneyKind } from "@/lib/money";
import { cn } from "@/lib/utils";

/**
 * Money as a person reads it: an amount with the currency's decimals, or a price per segment with its fractions
 * of a cent. When rounding hid digits, the exact value is the tooltip. `micro` is a bigint, or the string of
 * micro-units a server component hands a client one (a bigint does not serialise).
 */
export function Money({ micro, currency, kind = "amount", className, ...props }: Omit<ComponentProps<"span">, "children" | "title"> & {
  micro: bigint | string;
  currency: string;
  kind?: MoneyKind;
}) {
  const { text, exact } = moneyText(BigInt(micro), currency, kind);
  return (
    <span className={cn("tabular-nums", className)} title={exact ?? undefined} {...props}>
      {text}
    </span>
  );
}
