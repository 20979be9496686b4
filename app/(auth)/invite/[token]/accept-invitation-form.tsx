"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { CheckCircle2 } from "lucide-react";
import Link from "next/link";
import { useState, useTransition } from "react";
import { useForm, type Path } from "react-hook-form";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { acceptInvitationFormSchema, type AcceptInvitationFormValues } from "@/lib/domain/members/invitation-schemas";
import { signInAction } from "../../sign-in/actions";
import { acceptInvitationAction } from "./actions";

const FIELDS = new Set<string>(["name", "password", "confirmPassword"]);

/** Name and password for the invited address; after success the new user is signed in and lands on the account. */
export function AcceptInvitationForm({ token, email }: { token: string; email: string }) {
  const [done, setDone] = useState<{ email: string; memberAccountId: number; signingIn: boolean } | null>(null);
  const [pending, startTransition] = useTransition();
  const form = useForm<AcceptInvitationFormValues>({
    resolver: zodResolver(acceptInvitationFormSchema),
    defaultValues: { token, name: "", password: "", confirmPassword: "" },
  });
  const errors = form.formState.errors;

  const onSubmit = form.handleSubmit((values) =>
    startTransition(async () => {
      const result = await acceptInvitationAction(values);
      if (!result.ok) {
        for (const [field, messages] of Object.entries(result.fieldErrors ?? {})) {
          if (FIELDS.has(field) && messages?.[0]) form.setError(field as Path<AcceptInvitationFormValues>, { message: messages[0] });
        }
        form.setError("root", { message: result.error });
        return;
      }
      setDone({ ...result.data, signingIn: true });
      // then signed in with the password just chosen, which opens the account (the sign-in form's own action: a
      // success redirects); if that fails (say, the sign-in limits), the card offers the sign-in form instead
      const credentials = new FormData();
      credentials.set("email", result.data.email);
      credentials.set("password", values.password);
      credentials.set("callbackUrl", `/accounts/${result.data.memberAccountId}`);
      await signInAction({ error: null, email: result.data.email, needsCode: false }, credentials);
      setDone({ ...result.data, signingIn: false });
    }),
  );

  if (done) {
    const signInHref = `/sign-in?callbackUrl=${encodeURIComponent(`/accounts/${done.memberAccountId}`)}`;
    return (
      <div className="space-y-4" role="status">
        <div className="flex items-center gap-2">
          <CheckCircle2 className="size-5 text-success" aria-hidden />
          <h2 className="text-lg font-semibold">Your account is ready</h2>
        </div>
        {done.signingIn ? (
          <p className="text-sm text-muted-foreground">Signing you in as <span className="font-medium text-foreground">{done.email}</span>…</p>
        ) : (
          <>
            <p className="text-sm text-muted-foreground">
              Sign in with <span className="font-medium text-foreground">{done.email}</span> and the password you just chose.
            </p>
            <Button asChild className="w-full"><Link href={signInHref}>Sign in</Link></Button>
          </>
        )}
      </div>
    );
  }

  const field = (name: "name" | "password" | "confirmPassword") => ({
    "aria-invalid": errors[name] ? true : undefined,
    "aria-describedby": errors[name] ? `invite-${name}-error` : undefined,
  });
  const fieldError = (name: "name" | "password" | "confirmPassword") =>
    errors[name] ? <p id={`invite-${name}-error`} className="text-sm text-destructive">{errors[name]?.message}</p> : null;

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4" aria-busy={pending}>
      <div className="space-y-2">
        <Label htmlFor="invite-email">E-mail</Label>
        <Input id="invite-email" type="email" value={email} readOnly autoComplete="username" className="bg-muted" aria-describedby="invite-email-hint" />
        <p id="invite-email-hint" className="text-xs text-muted-foreground">The invitation is for this address; you will sign in with it.</p>
      </div>
      <div className="space-y-2">
        <Label htmlFor="invite-name">Your name</Label>
        <Input id="invite-name" autoComplete="name" autoFocus maxLength={120} {...field("name")} {...form.register("name")} />
        {fieldError("name")}
      </div>
      <div className="space-y-2">
        <Label htmlFor="invite-password">Password</Label>
        <Input id="invite-password" type="password" autoComplete="new-password" {...field("password")} {...form.register("password")} />
        {errors.password ? fieldError("password") : <p className="text-xs text-muted-foreground">At least 10 characters.</p>}
      </div>
      <div className="space-y-2">
        <Label htmlFor="invite-confirmPassword">Confirm password</Label>
        <Input id="invite-confirmPassword" type="password" autoComplete="new-password" {...field("confirmPassword")} {...form.register("confirmPassword")} />
        {fieldError("confirmPassword")}
      </div>
      {errors.root ? (
        <p role="alert" className="rounded-md border border-destructive/40 bg-destructive/10 px-3 py-2 text-sm text-destructive">{errors.root.message}</p>
      ) : null}
      <Button type="submit" className="w-full" disabled={pending}>{pending ? "Creating your account…" : "Create account"}</Button>
    </form>
  );
}
