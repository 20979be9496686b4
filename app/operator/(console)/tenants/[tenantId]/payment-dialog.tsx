"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { HandCoins } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { useForm, useWatch, type Path } from "react-hook-form";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { toast } from "@/components/ui/toaster";
import type { ActionResult } from "@/lib/actions/define-action";
import { paymentFormSchema, type PaymentFormValues } from "@/lib/domain/platform/schemas";
import { formatAmount, formatExact, parseMoney } from "@/lib/money";

type PaymentInput = { tenantId: number; amount: string; reference: string; memo: string; idempotencyKey: string };
type Recorded = { transferId: string; balance: string; replayed: boolean; reference: string };

/**
 * Records money a tenant paid: a topup of its master, shown with the master's balance before and after. The
 * form holds one idempotency key while it is open, so a double click or a retry records the payment once.
 */
export function PaymentDialog({ tenantId, tenantName, currency, balance, disabledReason, action }: {
  tenantId: number;
  tenantName: string;
  currency: string;
  balance: string;
  disabledReason: string | null;
  action: (input: PaymentInput) => Promise<ActionResult<Recorded>>;
}) {
  const [open, setOpen] = useState(false);
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <Button disabled={disabledReason !== null} title={disabledReason ?? undefined}><HandCoins className="size-4" aria-hidden /> Record payment</Button>
      </DialogTrigger>
      <DialogContent>{open ? <PaymentForm {...{ tenantId, tenantName, currency, balance, action }} onDone={() => setOpen(false)} /> : null}</DialogContent>
    </Dialog>
  );
}

function PaymentForm({ tenantId, tenantName, currency, balance, action, onDone }: {
  tenantId: number;
  tenantName: string;
  currency: string;
  balance: string;
  action: (input: PaymentInput) => Promise<ActionResult<Recorded>>;
  onDone: () => void;
}) {
  const router = useRouter();
  const [idempotencyKey] = useState(() => crypto.randomUUID());
  const [pending, startTransition] = useTransition();
  const form = useForm<PaymentFormValues>({ resolver: zodResolver(paymentFormSchema), defaultValues: { amount: "", reference: "", memo: "" } });
  const amountText = useWatch({ control: form.control, name: "amount" });
  const parsed = parseMoney(amountText ?? "");
  const amount = parsed.ok && parsed.micro > 0n ? parsed.micro : 0n;
  const errors = form.formState.errors;
  const onSubmit = form.handleSubmit((values) =>
    startTransition(async () => {
      const result = await action({ tenantId, ...values, idempotencyKey });
      if (!result.ok) {
        for (const [field, messages] of Object.entries(result.fieldErrors ?? {})) {
          if (messages?.[0] && field in values) form.setError(field as Path<PaymentFormValues>, { message: messages[0] });
        }
        form.setError("root", { message: result.error });
        return;
      }
      toast.success(`${formatExact(amount, currency)} recorded for ${tenantName}${result.data.replayed ? " (already recorded)" : ""}`);
      onDone();
      router.refresh();
    }),
  );
  return (
    <form onSubmit={onSubmit} noValidate className="grid gap-4" aria-busy={pending}>
      <DialogHeader>
        <DialogTitle>Record a payment</DialogTitle>
        <DialogDescription>Money {tenantName} paid you, added to its master account. It shows in the tenant&apos;s ledger as a payment.</DialogDescription>
      </DialogHeader>
      <div className="grid gap-2">
        <Label htmlFor="payment-amount">Amount ({currency})</Label>
        <Input id="payment-amount" inputMode="decimal" autoFocus autoComplete="off" placeholder="1000.00"
          aria-invalid={errors.amount ? true : undefined} aria-describedby="payment-amount-hint" {...form.register("amount")} />
        <p id="payment-amount-hint" className={errors.amount ? "text-sm text-destructive" : "text-xs text-muted-foreground tabular-nums"}>
          {errors.amount?.message ?? `Master balance ${formatAmount(BigInt(balance), currency)} → ${formatAmount(BigInt(balance) + amount, currency)}`}
        </p>
      </div>
      <div className="grid gap-2">
        <Label htmlFor="payment-reference">Reference</Label>
        <Input id="payment-reference" autoComplete="off" placeholder="Invoice 2026-0042 or the bank's reference"
          aria-invalid={errors.reference ? true : undefined} aria-describedby="payment-reference-error" {...form.register("reference")} />
        {errors.reference ? <p id="payment-reference-error" className="text-sm text-destructive">{errors.reference.message}</p> : null}
      </div>
      <div className="grid gap-2">
        <Label htmlFor="payment-memo">Memo (optional)</Label>
        <Input id="payment-memo" autoComplete="off" aria-invalid={errors.memo ? true : undefined} aria-describedby="payment-memo-error" {...form.register("memo")} />
        {errors.memo ? <p id="payment-memo-error" className="text-sm text-destructive">{errors.memo.message}</p> : null}
      </div>
      {errors.root ? <p role="alert" className="rounded-md border border-destructive/40 bg-destructive/10 px-3 py-2 text-sm text-destructive">{errors.root.message}</p> : null}
      <DialogFooter>
        <Button type="submit" disabled={pending || amount === 0n}>{pending ? "Recording…" : amount > 0n ? `Record ${formatExact(amount, currency)}` : "Record payment"}</Button>
      </DialogFooter>
    </form>
  );
}
