"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useTransition } from "react";
import { useForm, type Path } from "react-hook-form";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { setupFormSchema } from "@/lib/domain/platform/schemas";
import { setUpPlatformAction } from "./actions";

type Values = { token: string; platformName: string; name: string; email: string; password: string; confirmPassword: string };
const FIELDS: { name: Exclude<keyof Values, "token">; label: string; type?: string; autoComplete: string; hint?: string }[] = [
  { name: "platformName", label: "Platform name", autoComplete: "organization", hint: "Shown in the console and in the e-mails tenants get." },
  { name: "name", label: "Your name", autoComplete: "name" },
  { name: "email", label: "Your e-mail", type: "email", autoComplete: "email", hint: "You sign in with it." },
  { name: "password", label: "Password", type: "password", autoComplete: "new-password", hint: "At least 10 characters." },
  { name: "confirmPassword", label: "Repeat the password", type: "password", autoComplete: "new-password" },
];

export function SetupForm({ token }: { token: string }) {
  const [pending, startTransition] = useTransition();
  const form = useForm<Values>({
    resolver: zodResolver(setupFormSchema) as never,
    defaultValues: { token, platformName: "", name: "", email: "", password: "", confirmPassword: "" },
  });
  const errors = form.formState.errors;
  const onSubmit = form.handleSubmit((values) =>
    startTransition(async () => {
      const result = await setUpPlatformAction(values);
      // success redirects to the console; only a refusal comes back
      if (result && !result.ok) {
        for (const [field, messages] of Object.entries(result.fieldErrors ?? {})) {
          if (messages?.[0] && FIELDS.some((f) => f.name === field)) form.setError(field as Path<Values>, { message: messages[0] });
        }
        form.setError("root", { message: result.error });
      }
    }),
  );
  return (
    <form onSubmit={onSubmit} noValidate className="grid gap-4" aria-busy={pending}>
      {FIELDS.map((f, i) => (
        <div key={f.name} className="grid gap-2">
          <Label htmlFor={`setup-${f.name}`}>{f.label}</Label>
          <Input id={`setup-${f.name}`} type={f.type ?? "text"} autoComplete={f.autoComplete} autoFocus={i === 0}
            aria-invalid={errors[f.name] ? true : undefined} aria-describedby={`setup-${f.name}-note`} {...form.register(f.name)} />
          {errors[f.name] ? (
            <p id={`setup-${f.name}-note`} className="text-sm text-destructive">{errors[f.name]?.message}</p>
          ) : f.hint ? (
            <p id={`setup-${f.name}-note`} className="text-xs text-muted-foreground">{f.hint}</p>
          ) : null}
        </div>
      ))}
      {errors.root ? <p role="alert" className="rounded-md border border-destructive/40 bg-destructive/10 px-3 py-2 text-sm text-destructive">{errors.root.message}</p> : null}
      <Button type="submit" disabled={pending} className="w-full">{pending ? "Setting up…" : "Create the platform"}</Button>
    </form>
  );
}
