"use client";

import type { UseFormRegisterReturn } from "react-hook-form";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";

/** A decimal money input with its currency shown, a visible label, and its error or hint under it. */
export function MoneyField({ id, label, currency, registration, error, hint, placeholder = "0.00", autoFocus }: {
  id: string;
  label: string;
  currency: string;
  registration: UseFormRegisterReturn;
  error?: string;
  hint?: string;
  placeholder?: string;
  autoFocus?: boolean;
}) {
  const describedBy = error ? `${id}-error` : hint ? `${id}-hint` : undefined;
  return (
    <div className="grid content-start gap-2">
      <Label htmlFor={id}>{label} ({currency})</Label>
      <div className="relative">
        <Input id={id} inputMode="decimal" autoComplete="off" placeholder={placeholder} className="pr-14" autoFocus={autoFocus}
          aria-invalid={error ? true : undefined} aria-describedby={describedBy} {...registration} />
        <span className="pointer-events-none absolute top-1/2 right-3 -translate-y-1/2 text-sm text-muted-foreground" aria-hidden>{currency}</span>
      </div>
      {error ? (
        <p id={`${id}-error`} className="text-sm text-destructive">{error}</p>
      ) : hint ? (
        <p id={`${id}-hint`} className="text-xs text-muted-foreground">{hint}</p>
      ) : null}
    </div>
  );
}
