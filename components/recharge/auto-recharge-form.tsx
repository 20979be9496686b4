"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useTransition } from "react";
import { useForm, useWatch, type FieldErrors, type Path, type Resolver, type UseFormRegisterReturn } from "react-hook-form";
import { DialogFormFooter } from "@/components/ui/dialog-form-footer";
import { DialogDescription, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { toast } from "@/components/ui/toaster";
import type { ActionResult } from "@/lib/actions/define-action";
import { autoRechargeRuleSchema } from "@/lib/domain/recharge/schemas";
import { formatAmount, formatExact } from "@/lib/money";
import { cn } from "@/lib/utils";
import type { RuleSummary } from "./describe-recharge";
import { MoneyField } from "./money-field";
import { moneyInputText, typedAmount } from "./money-text";

/** What the form holds: every input as typed. */
export type AutoRechargeFormValues = {
  enabled: boolean;
  threshold: string;
  mode: "fixed" | "top_up";
  amount: string;
  target: string;
  maxPerDay: string;
  maxAmountPerDay: string;
};

/** What the action receives: the schema's input, money as decimal strings. */
export type AutoRechargeActionInput = {
  accountId: number;
  enabled: boolean;
  threshold: string;
  mode: "fixed" | "top_up";
  amount: string | null;
  target: string | null;
  maxPerDay: number | null;
  maxAmountPerDay: string | null;
};

export type AutoRechargeAction = (input: AutoRechargeActionInput) => Promise<ActionResult<unknown>>;

const blankToNull = (text: string) => (text.trim() === "" ? null : text.trim());

/** Blank optional fields become null, and only the chosen way of refilling is sent. */
export function toRuleInput(accountId: number, v: AutoRechargeFormValues): AutoRechargeActionInput {
  const perDay = v.maxPerDay.replace(/[\s,_]/g, "");
  return {
    accountId,
    enabled: v.enabled,
    threshold: v.threshold.trim(),
    mode: v.mode,
    amount: v.mode === "fixed" ? blankToNull(v.amount) : null,
    target: v.mode === "top_up" ? blankToNull(v.target) : null,
    // NaN for anything but digits, so that the schema refuses it with the message below
    maxPerDay: perDay === "" ? null : /^\d+$/.test(perDay) ? Number(perDay) : Number.NaN,
    maxAmountPerDay: blankToNull(v.maxAmountPerDay),
  };
}

// the schema's own messages, plus one for a count that is not a whole number (zod's default is technical)
const schemaResolver = zodResolver(
  autoRechargeRuleSchema,
  { error: (issue) => (issue.path?.[0] === "maxPerDay" && issue.code === "invalid_type" ? "Enter a whole number, such as 3." : undefined) },
  { raw: true },
);

const ruleResolver: Resolver<AutoRechargeFormValues, { accountId: number }> = async (values, context, options) => {
  const result = await schemaResolver(toRuleInput(context!.accountId, values) as never, context, options as never);
  const errors = result.errors as FieldErrors<AutoRechargeFormValues>;
  return Object.keys(errors).length > 0 ? { values: {}, errors } : { values, errors: {} };
};

const FIELDS: (keyof AutoRechargeFormValues)[] = ["enabled", "threshold", "mode", "amount", "target", "maxPerDay", "maxAmountPerDay"];

/** Creates or edits an account's auto-recharge rule, on the domain's own schema. */
export function AutoRechargeForm({ account, parent, rule, action, onDone }: {
  account: { id: number; name: string; currency: string };
  /** the account above, which pays the recharges (null when the viewer cannot see it) */
  parent: { name: string; balance: string } | null;
  rule: RuleSummary | null;
  action: AutoRechargeAction;
  onDone: () => void;
}) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const form = useForm<AutoRechargeFormValues, { accountId: number }>({
    resolver: ruleResolver,
    context: { accountId: account.id },
    defaultValues: {
      enabled: rule?.enabled ?? true,
      threshold: moneyInputText(rule?.threshold),
      mode: rule?.target ? "top_up" : "fixed",
      amount: moneyInputText(rule?.amount),
      target: moneyInputText(rule?.target),
      maxPerDay: rule?.maxPerDay ? String(rule.maxPerDay) : "",
      maxAmountPerDay: moneyInputText(rule?.maxAmountPerDay),
    },
  });
  const errors = form.formState.errors;
  const watched = useWatch({ control: form.control });
  const mode = watched.mode ?? "fixed";
  const currency = account.currency;
  // the preview echoes what was typed, every decimal of it; the parent's balance is an amount
  const typed = (micro: bigint) => formatExact(micro, currency);
  const payer = parent?.name ?? "The account above";

  const threshold = typedAmount(watched.threshold);
  const refill = typedAmount(mode === "fixed" ? watched.amount : watched.target);
  const preview =
    threshold !== null && refill !== null
      ? mode === "fixed"
        ? `When a charge or a debit leaves the balance below ${typed(threshold)}, ${payer} adds ${typed(refill)} in the same transaction.`
        : `When a charge or a debit leaves the balance below ${typed(threshold)}, ${payer} tops it up to ${typed(refill)} in the same transaction.`
      : null;

  const onSubmit = form.handleSubmit(() =>
    startTransition(async () => {
      const result = await action(toRuleInput(account.id, form.getValues()));
      if (!result.ok) {
        for (const [field, messages] of Object.entries(result.fieldErrors ?? {})) {
          if (messages?.[0] && FIELDS.includes(field as keyof AutoRechargeFormValues)) {
            form.setError(field as Path<AutoRechargeFormValues>, { message: messages[0] });
          }
        }
        form.setError("root", { message: result.error });
        return;
      }
      toast.success(rule ? `Auto-recharge of ${account.name} saved.` : `Auto-recharge set up for ${account.name}.`);
      onDone();
      router.refresh();
    }),
  );

  return (
    <form onSubmit={onSubmit} noValidate className="grid gap-4" aria-busy={pending}>
      <DialogHeader>
        <DialogTitle>Auto-recharge {account.name}</DialogTitle>
        <DialogDescription>
          Paid from {parent ? `${parent.name} (holds ${formatAmount(BigInt(parent.balance), currency)})` : "the account above"}, inside the transaction that
          leaves the balance low.
        </DialogDescription>
      </DialogHeader>

      <div className="flex items-start justify-between gap-4 rounded-md border p-3">
        <div className="grid gap-1">
          <Label htmlFor="recharge-enabled">Enabled</Label>
          <p id="recharge-enabled-hint" className="text-xs text-muted-foreground">Turn it off to pause the rule without losing it.</p>
        </div>
        <span className="relative inline-flex shrink-0 items-center">
          {/* the real checkbox, transparent over the drawn switch so that it takes the clicks and the focus */}
          <input id="recharge-enabled" type="checkbox" role="switch" className="peer absolute inset-0 z-10 cursor-pointer opacity-0"
            aria-describedby="recharge-enabled-hint" {...form.register("enabled")} />
          <span aria-hidden className="h-5 w-9 rounded-full bg-input transition-colors peer-checked:bg-primary peer-focus-visible:ring-[3px] peer-focus-visible:ring-ring/50" />
          <span aria-hidden className="absolute top-0.5 left-0.5 size-4 rounded-full bg-background shadow-sm transition-transform peer-checked:translate-x-4" />
        </span>
      </div>

      <fieldset className="grid gap-2">
        <legend className="mb-2 text-sm font-medium">Each recharge</legend>
        <div className="grid gap-2 sm:grid-cols-2">
          <ModeOption id="recharge-mode-fixed" value="fixed" checked={mode === "fixed"} title="Fixed amount" hint="Adds the same amount each time"
            registration={form.register("mode")} />
          <ModeOption id="recharge-mode-top-up" value="top_up" checked={mode === "top_up"} title="Top up to" hint="Refills up to a target balance"
            registration={form.register("mode")} />
        </div>
      </fieldset>

      <div className="grid gap-4 sm:grid-cols-2">
        <MoneyField id="recharge-threshold" label="Threshold" currency={currency} registration={form.register("threshold")} autoFocus
          error={errors.threshold?.message} hint="Recharge when the balance falls below this." />
        {mode === "fixed" ? (
          <MoneyField key="amount" id="recharge-amount" label="Amount" currency={currency} registration={form.register("amount")}
            error={errors.amount?.message} hint="Added each time (more if a message needs it)." />
        ) : (
          <MoneyField key="target" id="recharge-target" label="Target balance" currency={currency} registration={form.register("target")}
            error={errors.target?.message} hint="The balance after a recharge." />
        )}
      </div>

      <fieldset className="grid gap-2">
        <legend className="mb-2 text-sm font-medium">Daily limits <span className="font-normal text-muted-foreground">(optional, per UTC day)</span></legend>
        <div className="grid gap-4 sm:grid-cols-2">
          <div className="grid content-start gap-2">
            <Label htmlFor="recharge-max-per-day">Max recharges per day</Label>
            <Input id="recharge-max-per-day" inputMode="numeric" autoComplete="off" placeholder="No limit"
              aria-invalid={errors.maxPerDay ? true : undefined} aria-describedby={errors.maxPerDay ? "recharge-max-per-day-error" : undefined}
              {...form.register("maxPerDay")} />
            {errors.maxPerDay ? <p id="recharge-max-per-day-error" className="text-sm text-destructive">{errors.maxPerDay.message}</p> : null}
          </div>
          <MoneyField id="recharge-max-amount" label="Max amount per day" currency={currency} placeholder="No limit"
            registration={form.register("maxAmountPerDay")} error={errors.maxAmountPerDay?.message} />
        </div>
        <p className="text-xs text-muted-foreground">A recharge past a limit is not made: it is recorded as failed and the owners are e-mailed.</p>
      </fieldset>

      {preview ? (
        <p className="rounded-md bg-muted p-3 text-sm" aria-live="polite">
          {watched.enabled === false ? <span className="font-medium">Paused. </span> : null}
          {preview}
        </p>
      ) : null}
      <DialogFormFooter error={errors.root?.message} pending={pending} onCancel={onDone} submitLabel="Save auto-recharge" />
    </form>
  );
}

function ModeOption({ id, value, checked, title, hint, registration }: {
  id: string;
  value: AutoRechargeFormValues["mode"];
  checked: boolean;
  title: string;
  hint: string;
  registration: UseFormRegisterReturn<"mode">;
}) {
  return (
    <label htmlFor={id}
      className={cn(
        "flex cursor-pointer items-start gap-3 rounded-md border p-3 text-sm transition-colors hover:bg-accent/50 has-focus-visible:ring-[3px] has-focus-visible:ring-ring/50",
        checked && "border-primary bg-primary/5",
      )}>
      <input id={id} type="radio" value={value} className="mt-0.5 size-4 accent-primary" aria-labelledby={`${id}-title`} aria-describedby={`${id}-hint`}
        {...registration} />
      <span className="grid gap-0.5">
        <span id={`${id}-title`} className="font-medium">{title}</span>
        <span id={`${id}-hint`} className="text-xs text-muted-foreground">{hint}</span>
      </span>
    </label>
  );
}
