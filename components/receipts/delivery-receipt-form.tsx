"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useTransition } from "react";
import { useForm, type FieldErrors, type Resolver } from "react-hook-form";
import { DialogFormFooter } from "@/components/ui/dialog-form-footer";
import { DialogDescription, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { toast } from "@/components/ui/toaster";
import type { ActionResult } from "@/lib/actions/define-action";
import { setDeliveryReceiptUrlSchema, type DeliveryReceiptUrlView } from "@/lib/domain/messaging/delivery-receipt-schemas";

type Values = { url: string; userName: string; password: string };
export type DeliveryReceiptAction = (input: { accountId: number; url: string; userName: string | null; password?: string }) => Promise<ActionResult<unknown>>;

const schemaResolver = zodResolver(setDeliveryReceiptUrlSchema, undefined, { raw: true });
const inputOf = (accountId: number, values: Values) => ({
  accountId,
  url: values.url.trim(),
  userName: values.userName.trim() || null,
  // empty keeps the stored password (it is never sent back to the browser)
  password: values.password === "" ? undefined : values.password,
});

const receiptResolver: Resolver<Values, { accountId: number }> = async (values, context, options) => {
  const result = await schemaResolver(inputOf(context!.accountId, values) as never, context, options as never);
  const errors = result.errors as FieldErrors<Values>;
  return Object.keys(errors).length > 0 ? { values: {}, errors } : { values, errors: {} };
};

/** Sets an account's delivery-receipt URL and its optional user name and password, on the domain's own schema. */
export function DeliveryReceiptForm({ account, receipt, action, onDone }: {
  account: { id: number; name: string };
  receipt: DeliveryReceiptUrlView | null;
  action: DeliveryReceiptAction;
  onDone: () => void;
}) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const form = useForm<Values, { accountId: number }>({
    resolver: receiptResolver,
    context: { accountId: account.id },
    defaultValues: { url: receipt?.url ?? "", userName: receipt?.userName ?? "", password: "" },
  });
  const errors = form.formState.errors;

  const onSubmit = form.handleSubmit((values) =>
    startTransition(async () => {
      const result = await action(inputOf(account.id, values));
      if (!result.ok) {
        for (const field of ["url", "userName", "password"] as const) {
          const message = result.fieldErrors?.[field]?.[0];
          if (message) form.setError(field, { message });
        }
        form.setError("root", { message: result.error });
        return;
      }
      toast.success(`Delivery receipt URL of ${account.name} saved.`);
      onDone();
      router.refresh();
    }),
  );

  const field = (name: keyof Values, label: string, hint: string, props: React.ComponentProps<typeof Input> = {}) => {
    const id = `receipt-${name}`;
    const error = errors[name]?.message;
    return (
      <div className="grid gap-2">
        <Label htmlFor={id}>{label}</Label>
        <Input id={id} autoComplete="off" aria-invalid={error ? true : undefined} aria-describedby={`${id}-note`} {...props} {...form.register(name)} />
        <p id={`${id}-note`} className={error ? "text-sm text-destructive" : "text-xs text-muted-foreground"}>{error ?? hint}</p>
      </div>
    );
  };

  return (
    <form onSubmit={onSubmit} noValidate className="grid gap-5" aria-busy={pending}>
      <DialogHeader>
        <DialogTitle>Delivery receipts for {account.name}</DialogTitle>
        <DialogDescription>
          Each status change of this account&apos;s messages (sent, delivered, failed) is sent to this URL as an HTTP GET with SMS
          Central&apos;s parameters. Your server answers HTTP 200 with the body 0; anything else is retried up to 10 times.
        </DialogDescription>
      </DialogHeader>
      {field("url", "Delivery receipt URL", "An http:// or https:// address.", { inputMode: "url", placeholder: "https://example.com/receipts", autoFocus: true })}
      {field("userName", "User name (optional)", "Sent as USER_NAME with each receipt.")}
      {field("password", "Password (optional)",
        receipt?.hasPassword ? "A password is stored. Leave this empty to keep it; it is never shown again." : "Sent as PASSWORD with each receipt; never shown again.",
        { type: "password", autoComplete: "new-password" })}
      <DialogFormFooter error={errors.root?.message} pending={pending} onCancel={onDone} submitLabel="Save URL" />
    </form>
  );
}
