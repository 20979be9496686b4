"use client";

import Link from "next/link";
import { useActionState, useState } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { signInAction, type SignInState } from "./actions";

/**
 * E-mail address or username (SMS Central's users may have no address), and password; for a user with two-factor sign-in, then a code from the authenticator (or a recovery
 * code), on the same form: the fields are controlled, so the second submit still carries the first's.
 */
export function SignInForm({ callbackUrl }: { callbackUrl: string }) {
  const [state, formAction, pending] = useActionState<SignInState, FormData>(signInAction, { error: null, email: "", needsCode: false });
  const [email, setEmail] = useState(state.email);
  const [password, setPassword] = useState("");
  const [code, setCode] = useState("");
  const described = state.error ? "sign-in-error" : undefined;
  return (
    <form action={formAction} className="space-y-4">
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      <div className="space-y-2">
        <Label htmlFor="email">E-mail or username</Label>
        {/* type text, not email: a username has no @ (the field keeps its name: auth.ts reads `email`) */}
        <Input id="email" name="email" type="text" inputMode="email" autoCapitalize="none" spellCheck={false} autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)}
          readOnly={state.needsCode} aria-invalid={state.error && !state.needsCode ? true : undefined} aria-describedby={described} />
      </div>
      <div className="space-y-2">
        <div className="flex items-baseline justify-between gap-2">
          <Label htmlFor="password">Password</Label>
          <Link href="/forgot-password" className="text-sm text-muted-foreground underline-offset-4 hover:text-foreground hover:underline">Forgot password?</Link>
        </div>
        <Input id="password" name="password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)}
          readOnly={state.needsCode} aria-invalid={state.error && !state.needsCode ? true : undefined} aria-describedby={described} />
      </div>
      {state.needsCode ? (
        <div className="space-y-2">
          <Label htmlFor="code">Two-factor code</Label>
          <Input id="code" name="code" inputMode="text" autoComplete="one-time-code" autoFocus required value={code} onChange={(e) => setCode(e.target.value)}
            aria-invalid={state.error ? true : undefined} aria-describedby={described ?? "code-hint"} />
          <p id="code-hint" className="text-xs text-muted-foreground">The 6 digits your authenticator app shows now, or one of your recovery codes.</p>
        </div>
      ) : null}
      {state.error ? (
        <p id="sign-in-error" role="alert" className="rounded-md border border-destructive/40 bg-destructive/10 px-3 py-2 text-sm text-destructive">
          {state.error}
        </p>
      ) : null}
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? "Signing in…" : state.needsCode ? "Verify and sign in" : "Sign in"}
      </Button>
    </form>
  );
}
