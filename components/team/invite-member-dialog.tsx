"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { Mail } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { useForm, useWatch, type Path } from "react-hook-form";
import type { z } from "zod";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { toast } from "@/components/ui/toaster";
import { MemberSettingsFields, type InvoicingOption } from "@/components/team/member-settings-fields";
import type { ActionResult } from "@/lib/actions/define-action";
import { inviteMemberSchema, type InviteMemberInput } from "@/lib/domain/members/schemas";

type InviteResult = { invitationId: number; email: string; mailSent: boolean; replaced: boolean };
type InviteAction = (input: InviteMemberInput) => Promise<ActionResult<InviteResult>>;
type FormInput = z.input<typeof inviteMemberSchema>;
type FormOutput = z.output<typeof inviteMemberSchema>;

const ROLES = [
  { value: "owner", label: "Owner", hint: "Everything in the new account, money included." },
  { value: "admin", label: "Admin", hint: "Members and settings, but no money." },
  { value: "viewer", label: "Viewer", hint: "Read only." },
] as const;

const FIELDS = new Set<string>(["email", "role", "accountName", "paymentModel", "invoicingAccountId", "monthlyVolumeLimit", "isPartner"]);

const selectClass =
  "h-9 w-full rounded-md border border-input bg-background px-3 text-sm shadow-xs aria-[invalid=true]:border-destructive";

/** "Invite by e-mail": the invitee gets a link and becomes a member under `accountId` when accepting it. */
export function InviteMemberDialog({ accountId, invoicingOptions, action }: { accountId: number; invoicingOptions: InvoicingOption[]; action: InviteAction }) {
  const [open, setOpen] = useState(false);
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <Button>
          <Mail className="size-4" aria-hidden /> Invite by e-mail
        </Button>
      </DialogTrigger>
      <DialogContent className="sm:max-w-2xl">
        {open ? <InviteForm accountId={accountId} invoicingOptions={invoicingOptions} action={action} onDone={() => setOpen(false)} /> : null}
      </DialogContent>
    </Dialog>
  );
}

function InviteForm({ accountId, invoicingOptions, action, onDone }: { accountId: number; invoicingOptions: InvoicingOption[]; action: InviteAction; onDone: () => void }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const form = useForm<FormInput, unknown, FormOutput>({
    resolver: zodResolver(inviteMemberSchema),
    defaultValues: {
      accountId,
      email: "",
      role: "owner",
      accountName: "",
      paymentModel: "prepaid",
      invoicingAccountId: null,
      monthlyVolumeLimit: null,
      isPartner: false,
    },
  });
  const role = useWatch({ control: form.control, name: "role" });
  const errors = form.formState.errors;

  const onSubmit = form.handleSubmit((values) =>
    startTransition(async () => {
      // the action parses the same schema again, and its input takes the name as typed ("" = none)
      const result = await action({ ...values, accountName: values.accountName ?? "" });
      if (!result.ok) {
        for (const [field, messages] of Object.entries(result.fieldErrors ?? {})) {
          if (FIELDS.has(field) && messages?.[0]) form.setError(field as Path<FormInput>, { message: messages[0] });
        }
        if (result.code === "email_taken") form.setError("email", { message: result.error });
        else form.setError("root", { message: result.error });
        return;
      }
      if (result.data.mailSent) {
        toast.success(`Invitation sent to ${result.data.email}`, {
          description: result.data.replaced
            ? "The link sent earlier to this address was replaced and no longer works. The new one works once, for 7 days."
            : "The link works once, for 7 days.",
        });
      } else {
        toast.warning(`Invitation to ${result.data.email} saved, but the e-mail could not be sent`, {
          description: "Resend it from the Invitations tab.",
        });
      }
      onDone();
      router.refresh();
    }),
  );

  return (
    <form onSubmit={onSubmit} noValidate className="grid gap-4" aria-busy={pending}>
      <DialogHeader>
        <DialogTitle>Invite by e-mail</DialogTitle>
        <DialogDescription>
          We e-mail a link that works once, for 7 days. The member account is created when the invitation is accepted.
        </DialogDescription>
      </DialogHeader>
      <div className="grid gap-4 sm:grid-cols-2">
        <div className="grid gap-2">
          <Label htmlFor="invite-email">E-mail</Label>
          <Input id="invite-email" type="email" autoComplete="off" autoFocus placeholder="name@example.com"
            aria-invalid={errors.email ? true : undefined} aria-describedby={errors.email ? "invite-email-error" : undefined}
            {...form.register("email")} />
          {errors.email ? <p id="invite-email-error" className="text-sm text-destructive">{errors.email.message}</p> : null}
        </div>
        <div className="grid gap-2">
          <Label htmlFor="invite-role">Role</Label>
          <select id="invite-role" className={selectClass} aria-describedby="invite-role-hint"
            aria-invalid={errors.role ? true : undefined} {...form.register("role")}>
            {ROLES.map((r) => <option key={r.value} value={r.value}>{r.label}</option>)}
          </select>
          <p id="invite-role-hint" className={errors.role ? "text-sm text-destructive" : "text-xs text-muted-foreground"}>
            {errors.role?.message ?? ROLES.find((r) => r.value === role)?.hint}
          </p>
        </div>
        <div className="grid gap-2 sm:col-span-2">
          <Label htmlFor="invite-account-name">Account name (optional)</Label>
          <Input id="invite-account-name" autoComplete="off" maxLength={120} placeholder="The invitee's name if left empty"
            aria-invalid={errors.accountName ? true : undefined} aria-describedby="invite-account-name-hint"
            {...form.register("accountName")} />
          <p id="invite-account-name-hint" className={errors.accountName ? "text-sm text-destructive" : "text-xs text-muted-foreground"}>
            {errors.accountName?.message ?? "The name of the member account that accepting creates."}
          </p>
        </div>
      </div>
      <MemberSettingsFields register={form.register} watch={form.watch} errors={errors} invoicingOptions={invoicingOptions} idPrefix="invite" />
      {errors.root ? (
        <p role="alert" className="rounded-md border border-destructive/40 bg-destructive/10 px-3 py-2 text-sm text-destructive">{errors.root.message}</p>
      ) : null}
      <DialogFooter>
        <Button type="button" variant="ghost" onClick={onDone} disabled={pending}>Cancel</Button>
        <Button type="submit" disabled={pending}>{pending ? "Sending…" : "Send invitation"}</Button>
      </DialogFooter>
    </form>
  );
}
