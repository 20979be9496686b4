"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useTransition } from "react";
import { useForm, type Path } from "react-hook-form";
import { DialogFormFooter } from "@/components/ui/dialog-form-footer";
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { toast } from "@/components/ui/toaster";
import type { ActionResult } from "@/lib/actions/define-action";
import { editMemberSchema } from "@/lib/domain/members/schemas";
import { MemberSettingsFields, type InvoicingOption } from "./member-settings-fields";

export type EditableMember = {
  id: number;
  name: string;
  contactEmail: string | null;
  paymentModel: "prepaid" | "postpaid";
  invoicingAccountId: number | null;
  monthlyVolumeLimit: number | null;
  isPartner: boolean;
};
type FormValues = { accountId: number; name: string; email: string; paymentModel: "prepaid" | "postpaid"; invoicingAccountId: number | null; monthlyVolumeLimit: number | null; isPartner: boolean };

/** Edits a member with the same fields and rules as creating it. Controlled by the row menu that opens it. */
export function EditMemberDialog({ member, invoicingOptions, action, open, onOpenChange }: {
  member: EditableMember;
  invoicingOptions: InvoicingOption[];
  action: (input: FormValues) => Promise<ActionResult<{ id: number; name: string }>>;
  open: boolean;
  onOpenChange: (open: boolean) => void;
}) {
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent className="sm:max-w-2xl">
        {open ? <EditForm member={member} invoicingOptions={invoicingOptions} action={action} onDone={() => onOpenChange(false)} /> : null}
      </DialogContent>
    </Dialog>
  );
}

function EditForm({ member, invoicingOptions, action, onDone }: {
  member: EditableMember;
  invoicingOptions: InvoicingOption[];
  action: (input: FormValues) => Promise<ActionResult<{ id: number; name: string }>>;
  onDone: () => void;
}) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const form = useForm<FormValues>({
    resolver: zodResolver(editMemberSchema) as never,
    defaultValues: {
      accountId: member.id,
      name: member.name,
      email: member.contactEmail ?? "",
      paymentModel: member.paymentModel,
      // a postpaid member that invoices itself shows "This account"
      invoicingAccountId: member.invoicingAccountId === member.id ? null : member.invoicingAccountId,
      monthlyVolumeLimit: member.monthlyVolumeLimit,
      isPartner: member.isPartner,
    },
  });
  const errors = form.formState.errors;
  const onSubmit = form.handleSubmit((values) =>
    startTransition(async () => {
      const result = await action({ ...values, accountId: member.id });
      if (!result.ok) {
        for (const [field, messages] of Object.entries(result.fieldErrors ?? {})) {
          if (messages?.[0]) form.setError(field as Path<FormValues>, { message: messages[0] });
        }
        form.setError("root", { message: result.error });
        return;
      }
      toast.success(`${result.data.name} saved.`);
      onDone();
      router.refresh();
    }),
  );
  return (
    <form onSubmit={onSubmit} noValidate className="grid gap-4" aria-busy={pending}>
      <DialogHeader>
        <DialogTitle>Edit {member.name}</DialogTitle>
        <DialogDescription>Account #{member.id}</DialogDescription>
      </DialogHeader>
      <div className="grid gap-4 sm:grid-cols-2">
        <div className="grid content-start gap-2">
          <Label htmlFor="edit-name">Name</Label>
          <Input id="edit-name" autoComplete="off" aria-invalid={errors.name ? true : undefined} {...form.register("name")} />
          {errors.name ? <p className="text-sm text-destructive">{errors.name.message}</p> : null}
        </div>
        <div className="grid content-start gap-2">
          <Label htmlFor="edit-email">Contact e-mail</Label>
          <Input id="edit-email" type="email" autoComplete="off" aria-invalid={errors.email ? true : undefined} {...form.register("email")} />
          {errors.email ? <p className="text-sm text-destructive">{errors.email.message}</p> : null}
        </div>
      </div>
      <MemberSettingsFields register={form.register} watch={form.watch} errors={errors} invoicingOptions={invoicingOptions} idPrefix="edit" />
      <DialogFormFooter error={errors.root?.message} pending={pending} onCancel={onDone} submitLabel="Save" />
    </form>
  );
}
