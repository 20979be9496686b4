"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { MailCheck } from "lucide-react";
import { useState, useTransition } from "react";
import { useForm, type Path } from "react-hook-form";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { signUpFormSchema } from "@/lib/domain/platform/schemas";
import { requestSignUpAction } from "./actions";

type Values = { name: string; company: string; email: string; password: string; confirmPassword: string };
const FIELDS: { name: keyof Values; label: string; type: string; autoComplete: string; hint?: string }[] = [
  { name: "name", label: "Your name", type: "text", autoComplete: "name" },
  { name: "company", label: "Company", type: "text", autoComplete: "organization" },
  { name: "email", label: "E-mail", type: "email", autoComplete: "email", hint: "You sign in with it; we send the confirmation there." },
  { name: "password", label: "Password", type: "password", autoComplete: "new-password", hint: "At least 10 characters." },
  { name: "confirmPassword", label: "Repeat the password", type: "password", autoComplete: "new-password" },
];

export function SignUpForm() {
  const [sentTo, setSentTo] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const form = useForm<Values>({ resolver: zodResolver(signUpFormSchema) as never, defaultValues: { name: "", company: "", email: "", password: "", confirmPassword: "" } });
  const errors = form.formState.errors;
  if (sentTo) {
    return (
      <div role="status" className="space-y-2 text-sm">
        <p className="flex items-center gap-2 font-medium"><MailCheck className="size-5 text-success" aria-hidden /> Check your e-mail</p>
        <p className="text-muted-foreground">
          We sent a link to <span className="font-medium text-foreground">{sentTo}</span>. Open it within 24 hours to create your account.
        </p>
      </div>
    );
  }
  const onSubmit = form.handleSubmit((values) =>
    startTransition(async () => {
      const result = await requestSignUpAction(values);
      if (!result.ok) {
        for (const [field, messages] of Object.entries(result.fieldErrors ?? {})) {
          if (messages?.[0] && FIELDS.some((f) => f.name === field)) form.setError(field as Path<Values>, { message: messages[0] });
        }
        form.setError("root", { message: result.error });
        return;
      }
      setSentTo(result.data.email);
    }),
  );
  return (
    <form onSubmit={onSubmit} noValidate className="grid gap-4" aria-busy={pending}>
      {FIELDS.map((f, i) => (
        <div key={f.name} className="grid gap-2">
          <Label htmlFor={`signup-${f.name}`}>{f.label}</Label>
          <Input id={`signup-${f.name}`} type={f.type} autoComplete={f.autoComplete} autoFocus={i === 0}
            aria-invalid={errors[f.name] ? true : undefined} aria-describedby={`signup-${f.name}-note`} {...form.register(f.name)} />
          {errors[f.name] ? <p id={`signup-${f.name}-note`} className="text-sm text-destructive">{errors[f.name]?.message}</p>
            : f.hint ? <p id={`signup-${f.name}-note`} className="text-xs text-muted-foreground">{f.hint}</p> : null}
        </div>
      ))}
      {errors.root ? <p role="alert" className="rounded-md border border-destructive/40 bg-destructive/10 px-3 py-2 text-sm text-destructive">{errors.root.message}</p> : null}
      <Button type="submit" disabled={pending} className="w-full">{pending ? "Sending…" : "Create account"}</Button>
    </form>
  );
}
