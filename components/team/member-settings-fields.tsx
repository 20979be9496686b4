"use client";

import type { FieldErrors, UseFormRegister, UseFormWatch } from "react-hook-form";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";

export type MemberSettingsValues = {
  paymentModel: "prepaid" | "postpaid";
  invoicingAccountId: number | null;
  monthlyVolumeLimit: number | null;
  isPartner: boolean;
};

export type InvoicingOption = { id: number; name: string };

const selectClass =
  "h-9 w-full rounded-md border border-input bg-background px-3 text-sm shadow-xs aria-[invalid=true]:border-destructive";

/**
 * The account settings shared by the create, invite and edit forms (SMS Central: PAYMENTMODEL,
 * INVOICINGACCOUNT, MONTHLYVOLUMELIMIT, and the partner flag). `idPrefix` keeps labels unique per dialog.
 */
export function MemberSettingsFields<T extends MemberSettingsValues>({
  register,
  watch,
  errors,
  invoicingOptions,
  idPrefix,
}: {
  register: UseFormRegister<T>;
  watch: UseFormWatch<T>;
  errors: FieldErrors<T>;
  /** the ancestors that may invoice this member, nearest last; "this account" is always offered */
  invoicingOptions: InvoicingOption[];
  idPrefix: string;
}) {
  // react-hook-form's generic paths need a cast when the component is shared by several form types
  const reg = register as unknown as UseFormRegister<MemberSettingsValues>;
  const paymentModel = (watch as unknown as UseFormWatch<MemberSettingsValues>)("paymentModel");
  const err = errors as FieldErrors<MemberSettingsValues>;
  return (
    <div className="grid gap-4 sm:grid-cols-2">
      <div className="grid content-start gap-2">
        <Label htmlFor={`${idPrefix}-payment`}>Payment model</Label>
        <select id={`${idPrefix}-payment`} className={selectClass} {...reg("paymentModel")}>
          <option value="prepaid">Prepaid: pays from its own balance</option>
          <option value="postpaid">Postpaid: charged to an ancestor or invoiced</option>
        </select>
      </div>
      <div className="grid content-start gap-2">
        <Label htmlFor={`${idPrefix}-invoicing`}>Invoicing account</Label>
        <select
          id={`${idPrefix}-invoicing`}
          className={selectClass}
          disabled={paymentModel !== "postpaid"}
          aria-invalid={err.invoicingAccountId ? true : undefined}
          aria-describedby={`${idPrefix}-invoicing-hint`}
          {...reg("invoicingAccountId", { setValueAs: (v) => (v === "" || v === null || v === undefined ? null : Number(v)) })}
        >
          <option value="">This account</option>
          {invoicingOptions.map((o) => (
            <option key={o.id} value={o.id}>{o.name}</option>
          ))}
        </select>
        <p id={`${idPrefix}-invoicing-hint`} className="text-xs text-muted-foreground">
          {err.invoicingAccountId?.message ?? (paymentModel === "postpaid" ? "Who receives the invoice when no prepaid ancestor pays." : "Postpaid accounts only.")}
        </p>
      </div>
      <div className="grid content-start gap-2">
        <Label htmlFor={`${idPrefix}-limit`}>Monthly volume limit</Label>
        <Input
          id={`${idPrefix}-limit`}
          inputMode="numeric"
          placeholder="No limit"
          aria-invalid={err.monthlyVolumeLimit ? true : undefined}
          aria-describedby={`${idPrefix}-limit-hint`}
          {...reg("monthlyVolumeLimit", {
            setValueAs: (v) => (v === "" || v === null || v === undefined ? null : Number(String(v).replace(/[\s,_]/g, ""))),
          })}
        />
        <p id={`${idPrefix}-limit-hint`} className={err.monthlyVolumeLimit ? "text-sm text-destructive" : "text-xs text-muted-foreground"}>
          {err.monthlyVolumeLimit?.message ?? "Messages per calendar month (UTC). Leave empty for no limit."}
        </p>
      </div>
      <div className="flex items-start gap-3 pt-6">
        <input id={`${idPrefix}-partner`} type="checkbox" className="mt-0.5 size-4 accent-primary" {...reg("isPartner")} />
        <div className="grid gap-1">
          <Label htmlFor={`${idPrefix}-partner`}>Partner account</Label>
          <p className="text-xs text-muted-foreground">A partner can have members of its own.</p>
        </div>
      </div>
    </div>
  );
}
