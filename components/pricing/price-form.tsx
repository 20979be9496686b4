"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useState, useTransition, type ReactNode } from "react";
import { useForm, useWatch } from "react-hook-form";
import { Button } from "@/components/ui/button";
import { DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { toast } from "@/components/ui/toaster";
import type { CountryOption } from "@/lib/domain/pricing/countries";
import { percentFarBelow, priceFormSchema, type PriceFormValues } from "@/lib/domain/pricing/price-form-schema";
import { formatPrice, parseMoney } from "@/lib/money";
import type { SetPriceAction } from "./types";

const selectClass =
  "h-9 w-full rounded-md border border-input bg-background px-3 text-sm shadow-xs outline-none focus-visible:border-ring focus-visible:ring-[3px] focus-visible:ring-ring/50 aria-invalid:border-destructive";

/**
 * One price per segment for one country: a price-list row (added or edited) or an account's own price. The
 * country is either fixed or picked from `countryOptions`; the amount is a decimal string in `currency`, which
 * the server turns into micro-units.
 */
export function PriceForm({ accountId, title, description, country, countryOptions, defaultPrice, currency, hint, listPrice, action, onDone }: {
  /** the account the action is for: the master for the list, the priced account for an override */
  accountId: number;
  title: string;
  description: ReactNode;
  /** fixed when editing */
  country?: CountryOption;
  /** to choose from when adding */
  countryOptions?: CountryOption[];
  /** decimal text, e.g. "0.075" */
  defaultPrice: string;
  currency: string;
  /** shown under the amount: what applies without this price, the least it may be */
  hint?: ReactNode;
  /** the list price (micro-units): a price more than half below it is saved only after a second yes */
  listPrice?: string;
  action: SetPriceAction;
  onDone: () => void;
}) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const form = useForm<PriceFormValues>({
    resolver: zodResolver(priceFormSchema),
    defaultValues: { country: country?.code ?? "", pricePerSegment: defaultPrice },
  });
  const errors = form.formState.errors;
  const priceText = useWatch({ control: form.control, name: "pricePerSegment" }) ?? "";
  // the price text the person said yes to; typing another price asks again
  const [confirmedLow, setConfirmedLow] = useState<string | null>(null);
  const [askingLow, setAskingLow] = useState<string | null>(null);
  const typedPrice = parseMoney(priceText);
  const farBelow = listPrice === undefined ? null : percentFarBelow(priceText, BigInt(listPrice));
  const nameOf = (code: string) => country?.name ?? countryOptions?.find((c) => c.code === code)?.name ?? code;

  const save = (values: PriceFormValues) =>
    startTransition(async () => {
      const result = await action({ accountId, country: values.country, pricePerSegment: values.pricePerSegment });
      if (!result.ok) {
        const fields = (["country", "pricePerSegment"] as const).filter((field) => result.fieldErrors?.[field]?.[0]);
        for (const field of fields) form.setError(field, { message: result.fieldErrors![field]![0] });
        // a message on the field says it where it applies; the summary is for what no field explains
        if (fields.length === 0) form.setError("root", { message: result.error });
        return;
      }
      toast.success(`${nameOf(result.data.country)}: ${formatPrice(BigInt(result.data.pricePerSegment), currency)} per segment.`);
      onDone();
      router.refresh();
    });
  const onSubmit = form.handleSubmit((values) => {
    if (farBelow !== null && confirmedLow !== values.pricePerSegment.trim()) {
      setAskingLow(values.pricePerSegment.trim());
      return;
    }
    save(values);
  });
  // the values were validated by the submit that asked; a price typed since hides the question
  const saveLowAnyway = () => {
    setConfirmedLow(askingLow);
    setAskingLow(null);
    save(form.getValues());
  };
  const lowQuestion = askingLow !== null && askingLow === priceText.trim() && farBelow !== null && listPrice !== undefined;


  return (
    <form onSubmit={onSubmit} noValidate className="grid gap-4" aria-busy={pending}>
      <DialogHeader>
        <DialogTitle>{title}</DialogTitle>
        <DialogDescription>{description}</DialogDescription>
      </DialogHeader>
      {countryOptions ? (
        <div className="grid gap-2">
          <Label htmlFor="price-country">Country</Label>
          <select id="price-country" className={selectClass} autoFocus aria-invalid={errors.country ? true : undefined}
            aria-describedby={errors.country ? "price-country-error" : undefined} {...form.register("country")}>
            <option value="">Choose a country…</option>
            {countryOptions.map((c) => <option key={c.code} value={c.code}>{c.name} ({c.code})</option>)}
          </select>
          {errors.country ? <p id="price-country-error" className="text-sm text-destructive">{errors.country.message}</p> : null}
        </div>
      ) : errors.country ? (
        <p className="text-sm text-destructive">{errors.country.message}</p>
      ) : null}
      <div className="grid gap-2">
        <Label htmlFor="price-amount">Price per segment ({currency})</Label>
        <div className="relative">
          <Input id="price-amount" inputMode="decimal" autoComplete="off" autoFocus={!countryOptions} placeholder="0.075" className="pr-14"
            aria-invalid={errors.pricePerSegment ? true : undefined}
            aria-describedby={errors.pricePerSegment ? "price-amount-error" : "price-amount-hint"}
            {...form.register("pricePerSegment")} />
          <span className="pointer-events-none absolute top-1/2 right-3 -translate-y-1/2 text-sm text-muted-foreground" aria-hidden>{currency}</span>
        </div>
        {errors.pricePerSegment ? (
          <p id="price-amount-error" className="text-sm text-destructive">{errors.pricePerSegment.message}</p>
        ) : (
          <p id="price-amount-hint" className="text-xs text-muted-foreground">One SMS segment, up to 6 decimals, e.g. 0.075</p>
        )}
      </div>
      {hint ? <div className="rounded-md bg-muted p-3 text-sm">{hint}</div> : null}
      {errors.root ? <p role="alert" className="rounded-md border border-destructive/40 bg-destructive/10 px-3 py-2 text-sm text-destructive">{errors.root.message}</p> : null}
      {lowQuestion ? (
        <div role="alert" className="grid gap-3 rounded-md border border-warning/60 bg-warning/10 p-3 text-sm">
          <p className="font-medium">
            {typedPrice.ok ? formatPrice(typedPrice.micro, currency) : priceText} is {farBelow}% below the
            list price of {formatPrice(BigInt(listPrice), currency)}. Save it anyway?
          </p>
          <div className="flex flex-wrap justify-end gap-2">
            <Button type="button" variant="outline" onClick={() => { setAskingLow(null); form.setFocus("pricePerSegment"); }}>Change the price</Button>
            <Button type="button" autoFocus onClick={saveLowAnyway} disabled={pending}>Save anyway</Button>
          </div>
        </div>
      ) : null}
      <DialogFooter>
        <Button type="button" variant="ghost" onClick={onDone} disabled={pending}>Cancel</Button>
        <Button type="submit" disabled={pending || lowQuestion}>{pending ? "Saving…" : "Save price"}</Button>
      </DialogFooter>
    </form>
  );
}
