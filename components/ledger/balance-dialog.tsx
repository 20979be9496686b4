"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { ArrowDownLeft, ArrowUpRight } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { useForm, useWatch } from "react-hook-form";
import { Button } from "@/components/ui/button";
import { DialogFormFooter } from "@/components/ui/dialog-form-footer";
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Money } from "@/components/ui/money";
import { toast } from "@/components/ui/toaster";
import type { ActionResult } from "@/lib/actions/define-action";
import { balanceFormSchema, type BalanceFormValues } from "@/lib/domain/ledger/schemas";
import { formatAmount, formatExact, parseMoney } from "@/lib/money";

export type BalanceMode = "credit" | "debit";
type Party = { name: string; balance: string; prepaid: boolean };
type TransferDto = { transferId: string; fromBalanceAfter: string; toBalanceAfter: string; replayed: boolean };
type BalanceAction = (input: { accountId: number; amount: string; memo: string; idempotencyKey: string }) => Promise<ActionResult<TransferDto>>;

const COPY: Record<BalanceMode, { button: string; title: string; verb: string; icon: typeof ArrowDownLeft }> = {
  credit: { button: "Credit", title: "Credit member", verb: "Credit", icon: ArrowDownLeft },
  debit: { button: "Debit", title: "Debit member", verb: "Debit", icon: ArrowUpRight },
};

/**
 * Moves money with a preview of both balances. The form holds one idempotency key for as long as it is open,
 * so a double click or a retry after a network error moves the money once.
 */
export function BalanceDialog(props: {
  mode: BalanceMode;
  accountId: number;
  currency: string;
  /** where the money comes from and goes to, as the user sees them now */
  from: Party;
  to: Party;
  action: BalanceAction;
  /** controlled from outside (a row menu) instead of by its own button */
  open?: boolean;
  onOpenChange?: (open: boolean) => void;
}) {
  const [ownOpen, setOwnOpen] = useState(false);
  const controlled = props.open !== undefined;
  const open = controlled ? props.open! : ownOpen;
  const setOpen = controlled ? (props.onOpenChange ?? (() => {})) : setOwnOpen;
  const { icon: Icon, button } = COPY[props.mode];
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      {controlled ? null : (
        <DialogTrigger asChild>
          <Button variant={props.mode === "debit" ? "outline" : "default"}>
            <Icon className="size-4" aria-hidden /> {button}
          </Button>
        </DialogTrigger>
      )}
      <DialogContent>{open ? <BalanceForm {...props} onDone={() => setOpen(false)} /> : null}</DialogContent>
    </Dialog>
  );
}

type BalanceFormProps = Omit<Parameters<typeof BalanceDialog>[0], "open" | "onOpenChange"> & { onDone: () => void };

function BalanceForm({ mode, accountId, currency, from, to, action, onDone }: BalanceFormProps) {
  const router = useRouter();
  const [idempotencyKey] = useState(() => crypto.randomUUID());
  const [pending, startTransition] = useTransition();
  const form = useForm<BalanceFormValues>({ resolver: zodResolver(balanceFormSchema), defaultValues: { amount: "", memo: "" } });
  const amountText = useWatch({ control: form.control, name: "amount" });
  const parsed = parseMoney(amountText ?? "");
  const amount = parsed.ok && parsed.micro > 0n ? parsed.micro : 0n;
  const fromAfter = BigInt(from.balance) - amount;
  const toAfter = BigInt(to.balance) + amount;
  const overdraws = from.prepaid && fromAfter < 0n;
  const errors = form.formState.errors;
  // what is wrong with the amount is said while typing, and the button waits for an amount that can move
  const typedSomething = (amountText ?? "").trim() !== "";
  const liveAmountError = !typedSomething ? null : !parsed.ok ? parsed.error : parsed.micro === 0n ? "The amount must be more than zero." : null;
  const amountError = errors.amount?.message ?? liveAmountError;
  const cannotSubmit = amount === 0n || overdraws;
  const money = (micro: bigint) => formatAmount(micro, currency);
  // the amount being moved echoes what was typed, every decimal of it: a button must not say €12.35 for 12.345
  const typed = (micro: bigint) => formatExact(micro, currency);

  const onSubmit = form.handleSubmit((values) =>
    startTransition(async () => {
      const result = await action({ accountId, amount: values.amount, memo: values.memo, idempotencyKey });
      if (!result.ok) {
        if (result.fieldErrors?.amount?.[0]) form.setError("amount", { message: result.fieldErrors.amount[0] });
        form.setError("root", { message: result.error });
        return;
      }
      toast.success(`${COPY[mode].verb}: ${typed(amount)} moved.`, {
        description: `${to.name} now holds ${money(BigInt(result.data.toBalanceAfter))}.`,
      });
      onDone();
      router.refresh();
    }),
  );

  return (
    <form onSubmit={onSubmit} noValidate className="grid gap-4" aria-busy={pending}>
      <DialogHeader>
        <DialogTitle>{COPY[mode].title}</DialogTitle>
        <DialogDescription>
          From {from.name} to {to.name}.
        </DialogDescription>
      </DialogHeader>
      <div className="grid gap-2">
        <Label htmlFor="balance-amount">Amount ({currency})</Label>
        <div className="relative">
          <Input id="balance-amount" inputMode="decimal" autoComplete="off" autoFocus placeholder="0.00" className="pr-14"
            aria-invalid={amountError ? true : undefined} aria-describedby={amountError ? "balance-amount-error" : "balance-amount-hint"}
            {...form.register("amount")} />
          <span className="pointer-events-none absolute top-1/2 right-3 -translate-y-1/2 text-sm text-muted-foreground">{currency}</span>
        </div>
        {amountError ? (
          <p id="balance-amount-error" className="text-sm text-destructive">{amountError}</p>
        ) : (
          <p id="balance-amount-hint" className="text-xs text-muted-foreground">Up to 6 decimals, e.g. 12.50</p>
        )}
      </div>
      <div className="grid gap-2">
        <Label htmlFor="balance-memo">Memo (optional)</Label>
        <Input id="balance-memo" autoComplete="off" maxLength={200} placeholder="What is it for?"
          aria-invalid={errors.memo ? true : undefined} {...form.register("memo")} />
        {errors.memo ? <p className="text-sm text-destructive">{errors.memo.message}</p> : null}
      </div>
      <dl className="grid grid-cols-[1fr_auto_auto] items-baseline gap-x-3 gap-y-1 rounded-md bg-muted p-3 text-sm" aria-label="Balances after this move">
        <dt className="truncate">{from.name}</dt>
        <dd className="text-right text-muted-foreground"><Money micro={from.balance} currency={currency} /></dd>
        <dd className={`text-right tabular-nums font-medium ${overdraws ? "text-destructive" : ""}`}>→ <Money micro={fromAfter} currency={currency} /></dd>
        <dt className="truncate">{to.name}</dt>
        <dd className="text-right text-muted-foreground"><Money micro={to.balance} currency={currency} /></dd>
        <dd className="text-right tabular-nums font-medium">→ <Money micro={toAfter} currency={currency} /></dd>
      </dl>
      {overdraws && !errors.root ? (
        <p className="text-sm text-destructive">{from.name} has only <Money micro={from.balance} currency={currency} /> available.</p>
      ) : null}
      <DialogFormFooter error={errors.root?.message} pending={pending} onCancel={onDone} pendingLabel="Moving…" submitDisabled={cannotSubmit}
        submitLabel={`${COPY[mode].verb} ${amount > 0n ? typed(amount) : ""}`.trim()} />
    </form>
  );
}
