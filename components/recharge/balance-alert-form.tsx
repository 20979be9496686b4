"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useTransition } from "react";
import { useForm, type FieldErrors, type Resolver } from "react-hook-form";
import { DialogFormFooter } from "@/components/ui/dialog-form-footer";
import { DialogDescription, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Label } from "@/components/ui/label";
import { toast } from "@/components/ui/toaster";
import type { ActionResult } from "@/lib/actions/define-action";
import { balanceAlertSchema } from "@/lib/domain/recharge/schemas";
import { MoneyField } from "./money-field";
import { moneyInputText } from "./money-text";

export type BalanceAlertFormValues = { threshold: string; notifyMembers: boolean };
export type BalanceAlertAction = (input: { accountId: number; threshold: string; notifyMembers: boolean }) => Promise<ActionResult<unknown>>;

const schemaResolver = zodResolver(balanceAlertSchema, undefined, { raw: true });

const alertResolver: Resolver<BalanceAlertFormValues, { accountId: number }> = async (values, context, options) => {
  const input = { accountId: context!.accountId, threshold: values.threshold.trim(), notifyMembers: values.notifyMembers };
  const result = await schemaResolver(input as never, context, options as never);
  const errors = result.errors as FieldErrors<BalanceAlertFormValues>;
  return Object.keys(errors).length > 0 ? { values: {}, errors } : { values, errors: {} };
};

/** Creates or edits an account's low-balance alert, on the domain's own schema. */
export function BalanceAlertForm({ account, alert, recipients, action, onDone }: {
  account: { id: number; name: string; currency: string };
  alert: { threshold: string; notifyMembers: boolean } | null;
  /** who is always mailed, in words */
  recipients: string;
  action: BalanceAlertAction;
  onDone: () => void;
}) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const form = useForm<BalanceAlertFormValues, { accountId: number }>({
    resolver: alertResolver,
    context: { accountId: account.id },
    defaultValues: { threshold: moneyInputText(alert?.threshold), notifyMembers: alert?.notifyMembers ?? false },
  });
  const errors = form.formState.errors;

  const onSubmit = form.handleSubmit((values) =>
    startTransition(async () => {
      const result = await action({ accountId: account.id, threshold: values.threshold.trim(), notifyMembers: values.notifyMembers });
      if (!result.ok) {
        if (result.fieldErrors?.threshold?.[0]) form.setError("threshold", { message: result.fieldErrors.threshold[0] });
        form.setError("root", { message: result.error });
        return;
      }
      toast.success(`Low-balance alert of ${account.name} saved.`);
      onDone();
      router.refresh();
    }),
  );

  return (
    <form onSubmit={onSubmit} noValidate className="grid gap-5" aria-busy={pending}>
      <DialogHeader>
        <DialogTitle>Low-balance alert for {account.name}</DialogTitle>
        <DialogDescription>
          One e-mail when the balance falls below the threshold, sent to {recipients}. It is sent again only after the balance has
          risen above the threshold.
        </DialogDescription>
      </DialogHeader>
      <MoneyField id="alert-threshold" label="Alert threshold" currency={account.currency} registration={form.register("threshold")} autoFocus
        error={errors.threshold?.message} hint="E-mail when the balance falls below this." />
      <div className="flex items-start gap-3">
        <input id="alert-notify-members" type="checkbox" className="mt-0.5 size-4 accent-primary" aria-describedby="alert-notify-members-hint"
          {...form.register("notifyMembers")} />
        <div className="grid gap-1">
          <Label htmlFor="alert-notify-members">Also e-mail the users of {account.name}</Label>
          <p id="alert-notify-members-hint" className="text-xs text-muted-foreground">The people who sign in to this account, whatever their role.</p>
        </div>
      </div>
      <DialogFormFooter error={errors.root?.message} pending={pending} onCancel={onDone} submitLabel="Save alert" />
    </form>
  );
}
