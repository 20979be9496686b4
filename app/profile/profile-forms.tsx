"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { toast } from "@/components/ui/toaster";
import { changePasswordAction, endOtherSessionsAction, updateProfileAction } from "./actions";

const errorText = (id: string, message?: string) => (message ? <p id={id} className="text-sm text-destructive">{message}</p> : null);

export function NameForm({ name }: { name: string }) {
  const router = useRouter();
  const [value, setValue] = useState(name);
  const [error, setError] = useState<string>();
  const [pending, startTransition] = useTransition();
  return (
    <form noValidate className="flex flex-wrap items-end gap-3" aria-busy={pending} onSubmit={(e) => {
      e.preventDefault();
      startTransition(async () => {
        const result = await updateProfileAction({ name: value });
        if (!result.ok) return setError(result.fieldErrors?.name?.[0] ?? result.error);
        setError(undefined);
        toast.success("Your name is saved.");
        router.refresh();
      });
    }}>
      <div className="grid min-w-64 flex-1 gap-2">
        <Label htmlFor="profile-name">Name</Label>
        <Input id="profile-name" autoComplete="name" value={value} onChange={(e) => setValue(e.target.value)} aria-invalid={error ? true : undefined} aria-describedby="profile-name-error" />
        {errorText("profile-name-error", error)}
      </div>
      <Button type="submit" disabled={pending || value.trim() === name}>{pending ? "Saving…" : "Save"}</Button>
    </form>
  );
}

type PasswordField = "currentPassword" | "newPassword" | "confirmPassword";

export function ChangePasswordForm() {
  const [values, setValues] = useState<Record<PasswordField, string>>({ currentPassword: "", newPassword: "", confirmPassword: "" });
  const [errors, setErrors] = useState<Partial<Record<PasswordField | "root", string>>>({});
  const [pending, startTransition] = useTransition();
  const field = (name: PasswordField, label: string, autoComplete: string, hint?: string) => (
    <div className="grid gap-2">
      <Label htmlFor={`pw-${name}`}>{label}</Label>
      <Input id={`pw-${name}`} type="password" autoComplete={autoComplete} value={values[name]} onChange={(e) => setValues({ ...values, [name]: e.target.value })}
        aria-invalid={errors[name] ? true : undefined} aria-describedby={`pw-${name}-note`} />
      {errors[name] ? errorText(`pw-${name}-note`, errors[name]) : hint ? <p id={`pw-${name}-note`} className="text-xs text-muted-foreground">{hint}</p> : null}
    </div>
  );
  return (
    <form noValidate className="grid max-w-md gap-4" aria-busy={pending} onSubmit={(e) => {
      e.preventDefault();
      startTransition(async () => {
        const result = await changePasswordAction(values);
        if (!result.ok) {
          return setErrors({
            root: result.fieldErrors ? undefined : result.error,
            currentPassword: result.fieldErrors?.currentPassword?.[0],
            newPassword: result.fieldErrors?.newPassword?.[0],
            confirmPassword: result.fieldErrors?.confirmPassword?.[0],
          });
        }
        setErrors({});
        setValues({ currentPassword: "", newPassword: "", confirmPassword: "" });
        toast.success("Your password is changed; every other session is signed out.");
      });
    }}>
      {field("currentPassword", "Current password", "current-password")}
      {field("newPassword", "New password", "new-password", "At least 10 characters, not your e-mail address.")}
      {field("confirmPassword", "Repeat the new password", "new-password")}
      {errors.root ? <p role="alert" className="text-sm text-destructive">{errors.root}</p> : null}
      <div><Button type="submit" disabled={pending}>{pending ? "Changing…" : "Change password"}</Button></div>
    </form>
  );
}

export function EndSessionsButton() {
  const [pending, startTransition] = useTransition();
  return (
    <Button variant="outline" disabled={pending} onClick={() => startTransition(async () => {
      const result = await endOtherSessionsAction();
      if (result.ok) toast.success("Every other session is signed out.");
      else toast.error(result.error);
    })}>{pending ? "Signing out…" : "Sign out of every other session"}</Button>
  );
}
