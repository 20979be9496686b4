"use client";

import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { acceptOperatorInvitationAction } from "./actions";

type Field = "name" | "password" | "confirmPassword";
const FIELDS: { name: Field; label: string; type: string; autoComplete: string; hint?: string }[] = [
  { name: "name", label: "Your name", type: "text", autoComplete: "name" },
  { name: "password", label: "Password", type: "password", autoComplete: "new-password", hint: "At least 10 characters." },
  { name: "confirmPassword", label: "Repeat the password", type: "password", autoComplete: "new-password" },
];

export function JoinOperatorsForm({ token }: { token: string }) {
  const [values, setValues] = useState<Record<Field, string>>({ name: "", password: "", confirmPassword: "" });
  const [errors, setErrors] = useState<Partial<Record<Field | "root", string>>>({});
  const [pending, startTransition] = useTransition();
  return (
    <form noValidate className="grid gap-4" aria-busy={pending} onSubmit={(e) => {
      e.preventDefault();
      startTransition(async () => {
        const result = await acceptOperatorInvitationAction({ token, ...values });
        if (result && !result.ok) {
          const next: Partial<Record<Field | "root", string>> = { root: result.error };
          for (const f of FIELDS) if (result.fieldErrors?.[f.name]?.[0]) next[f.name] = result.fieldErrors[f.name]![0];
          setErrors(next);
        }
      });
    }}>
      {FIELDS.map((f, i) => (
        <div key={f.name} className="grid gap-2">
          <Label htmlFor={`join-${f.name}`}>{f.label}</Label>
          <Input id={`join-${f.name}`} type={f.type} autoComplete={f.autoComplete} autoFocus={i === 0} value={values[f.name]}
            onChange={(e) => setValues({ ...values, [f.name]: e.target.value })}
            aria-invalid={errors[f.name] ? true : undefined} aria-describedby={`join-${f.name}-note`} />
          {errors[f.name] ? <p id={`join-${f.name}-note`} className="text-sm text-destructive">{errors[f.name]}</p>
            : f.hint ? <p id={`join-${f.name}-note`} className="text-xs text-muted-foreground">{f.hint}</p> : null}
        </div>
      ))}
      {errors.root ? <p role="alert" className="rounded-md border border-destructive/40 bg-destructive/10 px-3 py-2 text-sm text-destructive">{errors.root}</p> : null}
      <Button type="submit" disabled={pending} className="w-full">{pending ? "Joining…" : "Become an operator"}</Button>
    </form>
  );
}
