"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { Building2 } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { useForm, type Path } from "react-hook-form";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import type { ActionResult } from "@/lib/actions/define-action";
import { provisionTenantSchema } from "@/lib/domain/platform/schemas";

type FormValues = { name: string; currency: string; maxDepth: number; ownerEmail: string };
type Created = { tenantId: number; masterAccountId: number; invitationId: number; mailSent: boolean };
const CURRENCIES = ["EUR", "USD", "GBP", "AUD", "CAD", "CHF", "SEK", "NOK", "DKK", "PLN", "ZAR", "INR", "AED", "SGD", "BRL"];

/** Opens a tenant: its master account now, its owner by an e-mailed single-use link. */
export function NewTenantDialog({ action, defaultOpen = false }: { action: (input: FormValues) => Promise<ActionResult<Created>>; defaultOpen?: boolean }) {
  const [open, setOpen] = useState(defaultOpen);
  const [created, setCreated] = useState<(Created & { name: string; ownerEmail: string }) | null>(null);
  const router = useRouter();
  const change = (o: boolean) => {
    setOpen(o);
    if (!o) {
      if (created) router.refresh();
      setCreated(null);
    }
  };
  return (
    <Dialog open={open} onOpenChange={change}>
      <DialogTrigger asChild>
        <Button><Building2 className="size-4" aria-hidden /> New tenant</Button>
      </DialogTrigger>
      <DialogContent className="sm:max-w-lg">
        {created ? (
          <div className="grid gap-4">
            <DialogHeader>
              <DialogTitle>{created.name} is open</DialogTitle>
              <DialogDescription>
                {created.mailSent
                  ? `An invitation went to ${created.ownerEmail}: the owner sets a password and lands on the master account.`
                  : `The tenant exists, but the invitation e-mail to ${created.ownerEmail} could not be sent. Resend it from the tenant's page.`}
              </DialogDescription>
            </DialogHeader>
            <p className="text-sm text-muted-foreground">Record a payment on the tenant&apos;s page to give it money to spend.</p>
            <DialogFooter>
              <Button variant="outline" onClick={() => change(false)}>Close</Button>
              <Button asChild><Link href={`/operator/tenants/${created.tenantId}`}>Open the tenant</Link></Button>
            </DialogFooter>
          </div>
        ) : open ? (
          <NewTenantForm action={action} onCreated={setCreated} />
        ) : null}
      </DialogContent>
    </Dialog>
  );
}

function NewTenantForm({ action, onCreated }: {
  action: (input: FormValues) => Promise<ActionResult<Created>>;
  onCreated: (c: Created & { name: string; ownerEmail: string }) => void;
}) {
  const [pending, startTransition] = useTransition();
  const form = useForm<FormValues>({
    resolver: zodResolver(provisionTenantSchema) as never,
    defaultValues: { name: "", currency: "EUR", maxDepth: 5, ownerEmail: "" },
  });
  const errors = form.formState.errors;
  const onSubmit = form.handleSubmit((values) =>
    startTransition(async () => {
      const result = await action(values);
      if (!result.ok) {
        for (const [field, messages] of Object.entries(result.fieldErrors ?? {})) {
          if (messages?.[0]) form.setError(field as Path<FormValues>, { message: messages[0] });
        }
        form.setError("root", { message: result.error });
        return;
      }
      onCreated({ ...result.data, name: values.name.trim(), ownerEmail: values.ownerEmail.trim().toLowerCase() });
    }),
  );
  const field = (name: keyof FormValues, label: string, input: React.ReactNode, hint?: string) => (
    <div className="grid content-start gap-2">
      <Label htmlFor={`tenant-${name}`}>{label}</Label>
      {input}
      {errors[name] ? (
        <p id={`tenant-${name}-error`} className="text-sm text-destructive">{errors[name]?.message}</p>
      ) : hint ? (
        <p id={`tenant-${name}-hint`} className="text-xs text-muted-foreground">{hint}</p>
      ) : null}
    </div>
  );
  const described = (name: keyof FormValues) => ({
    "aria-invalid": errors[name] ? true : undefined,
    "aria-describedby": errors[name] ? `tenant-${name}-error` : `tenant-${name}-hint`,
  });
  return (
    <form onSubmit={onSubmit} noValidate className="grid gap-4" aria-busy={pending}>
      <DialogHeader>
        <DialogTitle>New tenant</DialogTitle>
        <DialogDescription>A reseller or company with its own master account, team tree, balances and price list.</DialogDescription>
      </DialogHeader>
      {field("name", "Name", <Input id="tenant-name" autoFocus autoComplete="organization" {...described("name")} {...form.register("name")} />)}
      <div className="grid gap-4 sm:grid-cols-2">
        {field(
          "currency",
          "Currency",
          <>
            <Input id="tenant-currency" list="tenant-currencies" maxLength={3} className="uppercase" {...described("currency")} {...form.register("currency")} />
            <datalist id="tenant-currencies">{CURRENCIES.map((c) => <option key={c} value={c} />)}</datalist>
          </>,
          "Fixed for the tenant's life.",
        )}
        {field(
          "maxDepth",
          "Depth limit",
          <Input id="tenant-maxDepth" type="number" min={2} max={10} {...described("maxDepth")} {...form.register("maxDepth", { valueAsNumber: true })} />,
          "Levels of accounts, the master included.",
        )}
      </div>
      {field("ownerEmail", "Owner's e-mail", <Input id="tenant-ownerEmail" type="email" autoComplete="off" {...described("ownerEmail")} {...form.register("ownerEmail")} />,
        "They get a single-use link to join as the master's owner, choosing their name and password.")}
      {errors.root ? <p role="alert" className="rounded-md border border-destructive/40 bg-destructive/10 px-3 py-2 text-sm text-destructive">{errors.root.message}</p> : null}
      <DialogFooter>
        <Button type="submit" disabled={pending}>{pending ? "Creating…" : "Create tenant"}</Button>
      </DialogFooter>
    </form>
  );
}
