"use client";

import { CheckCircle2 } from "lucide-react";
import Link from "next/link";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { resetPasswordAction } from "./actions";

type Field = "password" | "confirmPassword";

export function ResetPasswordForm({ token }: { token: string }) {
  const [values, setValues] = useState<Record<Field, string>>({ password: "", confirmPassword: "" });
  const [errors, setErrors] = useState<Partial<Record<Field | "root", string>>>({});
  const [done, setDone] = useState(false);
  const [pending, startTransition] = useTransition();
  if (done) {
    return (
      <div role="status" className="space-y-4">
        <p className="flex items-center gap-2 font-medium"><CheckCircle2 className="size-5 text-success" aria-hidden /> Your password is changed</p>
        <Button asChild className="w-full"><Link href="/sign-in">Sign in</Link></Button>
      </div>
    );
  }
  const field = (name: Field, label: string, hint?: string) => (
    <div className="grid gap-2">
      <Label htmlFor={`reset-${name}`}>{label}</Label>
      <Input id={`reset-${name}`} type="password" autoComplete="new-password" autoFocus={name === "password"} value={values[name]}
        onChange={(e) => setValues({ ...values, [name]: e.target.value })} aria-invalid={errors[name] ? true : undefined} aria-describedby={`reset-${name}-note`} />
      {errors[name] ? <p id={`reset-${name}-note`} className="text-sm text-destructive">{errors[name]}</p>
        : hint ? <p id={`reset-${name}-note`} className="text-xs text-muted-foreground">{hint}</p> : null}
    </div>
  );
  return (
    <form noValidate className="grid gap-4" aria-busy={pending} onSubmit={(e) => {
      e.preventDefault();
      startTransition(async () => {
        const result = await resetPasswordAction({ token, ...values });
        if (result.ok) return setDone(true);
        setErrors({ root: result.error, password: result.fieldErrors?.password?.[0], confirmPassword: result.fieldErrors?.confirmPassword?.[0] });
      });
    }}>
      {field("password", "New password", "At least 10 characters.")}
      {field("confirmPassword", "Repeat the new password")}
      {errors.root ? <p role="alert" className="rounded-md border border-destructive/40 bg-destructive/10 px-3 py-2 text-sm text-destructive">{errors.root}</p> : null}
      <Button type="submit" disabled={pending} className="w-full">{pending ? "Saving…" : "Set the new password"}</Button>
    </form>
  );
}
