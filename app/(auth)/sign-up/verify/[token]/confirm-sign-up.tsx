"use client";

import { CheckCircle2 } from "lucide-react";
import Link from "next/link";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { verifySignUpAction } from "../../actions";

export function ConfirmSignUp({ token }: { token: string }) {
  const [pending, startTransition] = useTransition();
  const [done, setDone] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (done) {
    return (
      <div role="status" className="space-y-4">
        <p className="flex items-center gap-2 font-medium"><CheckCircle2 className="size-5 text-success" aria-hidden /> Your account is ready</p>
        <Button asChild className="w-full"><Link href="/sign-in">Sign in</Link></Button>
      </div>
    );
  }
  return (
    <div className="space-y-3">
      {error ? <p role="alert" className="rounded-md border border-destructive/40 bg-destructive/10 px-3 py-2 text-sm text-destructive">{error}</p> : null}
      <Button className="w-full" disabled={pending} onClick={() => startTransition(async () => {
        const result = await verifySignUpAction({ token });
        if (result.ok) setDone(true);
        else setError(result.error);
      })}>{pending ? "Creating…" : "Confirm and create the account"}</Button>
    </div>
  );
}
