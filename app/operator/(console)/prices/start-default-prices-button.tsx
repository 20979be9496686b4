"use client";

import { useRouter } from "next/navigation";
import { useTransition } from "react";
import { Button } from "@/components/ui/button";
import { toast } from "@/components/ui/toaster";
import type { ActionResult } from "@/lib/actions/define-action";

export function StartDefaultPricesButton({ currency, action }: { currency: string; action: (input: { currency: string }) => Promise<ActionResult<{ countries: number }>> }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  return (
    <Button className="mt-4" disabled={pending} onClick={() => startTransition(async () => {
      const result = await action({ currency });
      if (!result.ok) toast.error(result.error);
      else toast.success(`The ${currency} list starts with ${result.data.countries} countries.`);
      router.refresh();
    })}>
      {pending ? "Starting…" : `Start the ${currency} list`}
    </Button>
  );
}
