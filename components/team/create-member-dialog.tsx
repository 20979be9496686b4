"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { KeyRound, UserPlus } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState, useTransition, type ReactNode } from "react";
import { useForm, type Path } from "react-hook-form";
import { Button } from "@/components/ui/button";
import { useConfirmedClose } from "@/components/ui/confirmed-close";
import { CopyButton } from "@/components/ui/copy-button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import type { ActionResult } from "@/lib/actions/define-action";
import { createMemberSchema } from "@/lib/domain/members/schemas";
import { MemberSettingsFields, type InvoicingOption } from "./member-settings-fields";

type Created = { accountId: number; name: string; signInEmail: string; password: string; apiKey: string };
type FormValues = { accountId: number; name: string; email: string; paymentModel: "prepaid" | "postpaid"; invoicingAccountId: number | null; monthlyVolumeLimit: number | null; isPartner: boolean };

/** SMS.to's "auto-generated member": the dialog ends on the one-time credentials, with copy buttons. */
export function CreateMemberDialog({
  parentId,
  parentName,
  invoicingOptions,
  action,
}: {
  parentId: number;
  parentName: string;
  invoicingOptions: InvoicingOption[];
  action: (input: FormValues) => Promise<ActionResult<Created>>;
}) {
  const [open, setOpen] = useState(false);
  const [created, setCreated] = useState<Created | null>(null);
  const router = useRouter();
  const guard = useConfirmedClose({
    holdsSecret: created !== null,
    close: () => {
      setOpen(false);
      if (created) {
        setCreated(null);
        router.refresh();
      }
    },
  });
  const close = (o: boolean) => (o ? setOpen(true) : guard.request());
  return (
    <Dialog open={open} onOpenChange={close}>
      <DialogTrigger asChild>
        <Button><UserPlus className="size-4" aria-hidden /> Create member</Button>
      </DialogTrigger>
      <DialogContent className="sm:max-w-2xl" onInteractOutside={(e) => created && e.preventDefault()}>
        {created ? (
          <Credentials created={created} onDone={guard.closeNow} prompt={guard.prompt} />
        ) : open ? (
          <CreateForm parentId={parentId} parentName={parentName} invoicingOptions={invoicingOptions} action={action} onCreated={setCreated} />
        ) : null}
      </DialogContent>
    </Dialog>
  );
}

function CreateForm({ parentId, parentName, invoicingOptions, action, onCreated }: {
  parentId: number;
  parentName: string;
  invoicingOptions: InvoicingOption[];
  action: (input: FormValues) => Promise<ActionResult<Created>>;
  onCreated: (c: Created) => void;
}) {
  const [pending, startTransition] = useTransition();
  const form = useForm<FormValues>({
    resolver: zodResolver(createMemberSchema) as never,
    defaultValues: { accountId: parentId, name: "", email: "", paymentModel: "prepaid", invoicingAccountId: null, monthlyVolumeLimit: null, isPartner: false },
  });
  const errors = form.formState.errors;
  const onSubmit = form.handleSubmit((values) =>
    startTransition(async () => {
      const result = await action({ ...values, accountId: parentId });
      if (!result.ok) {
        for (const [field, messages] of Object.entries(result.fieldErrors ?? {})) {
          if (messages?.[0]) form.setError(field as Path<FormValues>, { message: messages[0] });
        }
        form.setError("root", { message: result.error });
        return;
      }
      onCreated(result.data);
    }),
  );
  return (
    <form onSubmit={onSubmit} noValidate className="grid gap-4" aria-busy={pending}>
      <DialogHeader>
        <DialogTitle>Create member</DialogTitle>
        <DialogDescription>A new account under {parentName}, with its own sign-in and API key.</DialogDescription>
      </DialogHeader>
      <div className="grid gap-4 sm:grid-cols-2">
        <div className="grid content-start gap-2">
          <Label htmlFor="create-name">Name</Label>
          <Input id="create-name" autoFocus autoComplete="off" aria-invalid={errors.name ? true : undefined} aria-describedby="create-name-error" {...form.register("name")} />
          {errors.name ? <p id="create-name-error" className="text-sm text-destructive">{errors.name.message}</p> : null}
        </div>
        <div className="grid content-start gap-2">
          <Label htmlFor="create-email">E-mail (optional)</Label>
          <Input id="create-email" type="email" autoComplete="off" aria-invalid={errors.email ? true : undefined} aria-describedby="create-email-hint" {...form.register("email")} />
          <p id="create-email-hint" className={errors.email ? "text-sm text-destructive" : "text-xs text-muted-foreground"}>
            {errors.email?.message ?? "Their sign-in. Left empty, a sign-in name is generated."}
          </p>
        </div>
      </div>
      <MemberSettingsFields register={form.register} watch={form.watch} errors={errors} invoicingOptions={invoicingOptions} idPrefix="create" />
      {errors.root ? <p role="alert" className="rounded-md border border-destructive/40 bg-destructive/10 px-3 py-2 text-sm text-destructive">{errors.root.message}</p> : null}
      <DialogFooter>
        <Button type="submit" disabled={pending}>{pending ? "Creating…" : "Create member"}</Button>
      </DialogFooter>
    </form>
  );
}

function Credentials({ created, onDone, prompt }: { created: Created; onDone: () => void; prompt: ReactNode }) {
  const rows = [
    { label: "Sign-in e-mail", value: created.signInEmail },
    { label: "Password", value: created.password },
    { label: "API key", value: created.apiKey },
  ];
  return (
    <div className="grid gap-4">
      <DialogHeader>
        <DialogTitle>{created.name} is ready</DialogTitle>
        <DialogDescription>Copy these now: the password and the API key are shown only this once.</DialogDescription>
      </DialogHeader>
      <dl className="grid gap-3" aria-label="One-time credentials">
        {rows.map((r) => (
          <div key={r.label} className="grid gap-1">
            <dt className="text-sm font-medium">{r.label}</dt>
            <dd className="flex items-center gap-2 rounded-md border bg-muted px-3 py-2">
              <code className="min-w-0 flex-1 font-mono text-sm break-all" data-testid={`credential-${r.label}`}>{r.value}</code>
              <CopyButton value={r.value} label={r.label} />
            </dd>
          </div>
        ))}
      </dl>
      <p className="flex items-center gap-2 text-sm text-muted-foreground"><KeyRound className="size-4" aria-hidden /> Only a hash of each is kept.</p>
      {prompt}
      <DialogFooter>
        <Button onClick={onDone}>I have saved them</Button>
      </DialogFooter>
    </div>
  );
}
