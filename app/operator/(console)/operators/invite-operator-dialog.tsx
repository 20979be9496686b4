"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { UserPlus } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { useForm } from "react-hook-form";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { toast } from "@/components/ui/toaster";
import type { ActionResult } from "@/lib/actions/define-action";
import { inviteOperatorSchema } from "@/lib/domain/platform/schemas";

type Invited = { email: string; replaced: boolean; mailSent: boolean };

export function InviteOperatorDialog({ action }: { action: (input: { email: string }) => Promise<ActionResult<Invited>> }) {
  const [open, setOpen] = useState(false);
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const form = useForm<{ email: string }>({ resolver: zodResolver(inviteOperatorSchema) as never, defaultValues: { email: "" } });
  const errors = form.formState.errors;
  const onSubmit = form.handleSubmit((values) =>
    startTransition(async () => {
      const result = await action(values);
      if (!result.ok) {
        form.setError(result.fieldErrors?.email ? "email" : "root", { message: result.fieldErrors?.email?.[0] ?? result.error });
        return;
      }
      const { email, replaced, mailSent } = result.data;
      if (mailSent) toast.success(`Invitation sent to ${email}${replaced ? "; the link sent earlier no longer works" : ""}.`);
      else toast.error(`The invitation for ${email} exists, but the e-mail could not be sent. Invite again to resend it.`);
      setOpen(false);
      form.reset();
      router.refresh();
    }),
  );
  return (
    <Dialog open={open} onOpenChange={(o) => { setOpen(o); if (!o) form.reset(); }}>
      <DialogTrigger asChild><Button><UserPlus className="size-4" aria-hidden /> Invite operator</Button></DialogTrigger>
      <DialogContent>
        <form onSubmit={onSubmit} noValidate className="grid gap-4" aria-busy={pending}>
          <DialogHeader>
            <DialogTitle>Invite an operator</DialogTitle>
            <DialogDescription>They get a single-use link (7 days) to choose a name and password. Operators see and act on every tenant.</DialogDescription>
          </DialogHeader>
          <div className="grid gap-2">
            <Label htmlFor="operator-email">E-mail</Label>
            <Input id="operator-email" type="email" autoFocus autoComplete="off" aria-invalid={errors.email ? true : undefined} aria-describedby="operator-email-error" {...form.register("email")} />
            {errors.email ? <p id="operator-email-error" className="text-sm text-destructive">{errors.email.message}</p> : null}
          </div>
          {errors.root ? <p role="alert" className="rounded-md border border-destructive/40 bg-destructive/10 px-3 py-2 text-sm text-destructive">{errors.root.message}</p> : null}
          <DialogFooter><Button type="submit" disabled={pending}>{pending ? "Sending…" : "Send invitation"}</Button></DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
