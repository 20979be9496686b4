"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { Plus } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { useForm } from "react-hook-form";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import type { ActionResult } from "@/lib/actions/define-action";
import { createApiKeySchema } from "@/lib/domain/api-keys/schemas";
import { useConfirmedClose } from "@/components/ui/confirmed-close";
import { KeyReveal } from "./key-reveal";

type Created = { id: number; name: string; masked: string; plaintext: string };
type FormValues = { accountId: number; name: string };

/** Names a new key, then shows it once. */
export function CreateApiKeyDialog({ accountId, accountName, action }: {
  accountId: number;
  accountName: string;
  action: (input: FormValues) => Promise<ActionResult<Created>>;
}) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [created, setCreated] = useState<Created | null>(null);
  const guard = useConfirmedClose({
    holdsSecret: created !== null,
    close: () => {
      setOpen(false);
      if (created) {
        // the plaintext leaves the page's memory with the dialog
        setCreated(null);
        router.refresh();
      }
    },
  });
  const onOpenChange = (next: boolean) => (next ? setOpen(true) : guard.request());
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogTrigger asChild>
        <Button><Plus className="size-4" aria-hidden /> Create key</Button>
      </DialogTrigger>
      <DialogContent className="sm:max-w-xl" onInteractOutside={(e) => created && e.preventDefault()}>
        {created ? (
          <KeyReveal title={`Your new key “${created.name}”`} plaintext={created.plaintext} onDone={guard.closeNow}>{guard.prompt}</KeyReveal>
        ) : open ? (
          <CreateForm accountId={accountId} accountName={accountName} action={action} onCreated={setCreated} />
        ) : null}
      </DialogContent>
    </Dialog>
  );
}

function CreateForm({ accountId, accountName, action, onCreated }: {
  accountId: number;
  accountName: string;
  action: (input: FormValues) => Promise<ActionResult<Created>>;
  onCreated: (created: Created) => void;
}) {
  const [pending, startTransition] = useTransition();
  const form = useForm<FormValues>({ resolver: zodResolver(createApiKeySchema), defaultValues: { accountId, name: "" } });
  const errors = form.formState.errors;
  const onSubmit = form.handleSubmit((values) =>
    startTransition(async () => {
      const result = await action({ ...values, accountId });
      if (!result.ok) {
        const nameError = result.fieldErrors?.name?.[0];
        if (nameError) form.setError("name", { message: nameError });
        form.setError("root", { message: result.error });
        return;
      }
      onCreated(result.data);
    }),
  );
  return (
    <form onSubmit={onSubmit} noValidate className="grid gap-4" aria-busy={pending}>
      <DialogHeader>
        <DialogTitle>Create key</DialogTitle>
        <DialogDescription>A key for programs that call the API as {accountName}. It can act for {accountName} and every account below it.</DialogDescription>
      </DialogHeader>
      <div className="grid gap-2">
        <Label htmlFor="api-key-name">Name</Label>
        <Input
          id="api-key-name"
          autoFocus
          autoComplete="off"
          maxLength={80}
          aria-invalid={errors.name ? true : undefined}
          aria-describedby="api-key-name-hint"
          {...form.register("name")}
        />
        <p id="api-key-name-hint" className={errors.name ? "text-sm text-destructive" : "text-xs text-muted-foreground"}>
          {errors.name?.message ?? "What will use it, so that you can tell keys apart: “Webshop”, “CRM sync”."}
        </p>
      </div>
      {errors.root ? <p role="alert" className="rounded-md border border-destructive/40 bg-destructive/10 px-3 py-2 text-sm text-destructive">{errors.root.message}</p> : null}
      <DialogFooter>
        <Button type="submit" disabled={pending}>{pending ? "Creating…" : "Create key"}</Button>
      </DialogFooter>
    </form>
  );
}
