"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { joinAccountAction } from "./actions";

export function JoinWithSignIn({ token, accountName }: { token: string; accountName: string }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  return (
    <div className="space-y-3">
      {error ? <p role="alert" className="rounded-md border border-destructive/40 bg-destructive/10 px-3 py-2 text-sm text-destructive">{error}</p> : null}
      <Button className="w-full" disabled={pending} onClick={() => startTransition(async () => {
        const result = await joinAccountAction({ token });
        if (result.ok) router.push(`/accounts/${result.data.accountId}`);
        else setError(result.error);
      })}>{pending ? "Joining…" : `Join ${accountName}`}</Button>
    </div>
  );
}
