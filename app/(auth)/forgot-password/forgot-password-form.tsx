"use client";

import { MailCheck } from "lucide-react";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { requestPasswordResetAction } from "./actions";

export function ForgotPasswordForm() {
  const [email, setEmail] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [sent, setSent] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  if (sent) {
    return (
      <div role="status" className="space-y-2 text-sm">
        <p className="flex items-center gap-2 font-medium"><MailCheck className="size-5 text-success" aria-hidden /> Check your e-mail</p>
        <p className="text-muted-foreground">If <span className="font-medium text-foreground">{sent}</span> has a sign-in, a link to reset its password is on its way.</p>
      </div>
    );
  }
  return (
    <form noValidate className="grid gap-4" aria-busy={pending} onSubmit={(e) => {
      e.preventDefault();
      startTransition(async () => {
        const result = await requestPasswordResetAction({ email });
        if (result.ok) setSent(result.data.email);
        else setError(result.fieldErrors?.email?.[0] ?? result.error);
      });
    }}>
      <div className="grid gap-2">
        <Label htmlFor="forgot-email">E-mail</Label>
        <Input id="forgot-email" type="email" autoComplete="username" autoFocus value={email} onChange={(e) => setEmail(e.target.value)}
          aria-invalid={error ? true : undefined} aria-describedby={error ? "forgot-email-error" : undefined} />
        {error ? <p id="forgot-email-error" role="alert" className="text-sm text-destructive">{error}</p> : null}
      </div>
      <Button type="submit" disabled={pending} className="w-full">{pending ? "Sending…" : "Send the link"}</Button>
    </form>
  );
}
