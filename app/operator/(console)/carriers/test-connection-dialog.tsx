"use client";

import { CircleCheck, CircleX, LoaderCircle } from "lucide-react";
import { useEffect, useRef, useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { FormDialog } from "@/components/ui/form-dialog";
import type { ActionResult } from "@/lib/actions/define-action";
import type { ConnectionTestResult } from "@/lib/domain/carriers/test-connection";

/**
 * Tests a connection as soon as it opens (a bind, or a balance request, apart from the live link: nothing is
 * sent) and says what came back and how long it took.
 */
export function TestConnectionDialog({ open, onOpenChange, name, run }: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  name: string;
  run: () => Promise<ActionResult<ConnectionTestResult>>;
}) {
  return (
    <FormDialog open={open} onOpenChange={onOpenChange}>
      <TestRun name={name} run={run} onClose={() => onOpenChange(false)} />
    </FormDialog>
  );
}

function TestRun({ name, run, onClose }: { name: string; run: () => Promise<ActionResult<ConnectionTestResult>>; onClose: () => void }) {
  const [pending, startTransition] = useTransition();
  const [result, setResult] = useState<ConnectionTestResult | null>(null);
  const test = () =>
    startTransition(async () => {
      setResult(null);
      const answer = await run();
      setResult(answer.ok ? answer.data : { ok: false, detail: answer.error, ms: 0 });
    });
  // once per opening: a development re-mount must not bind twice
  const started = useRef(false);
  useEffect(() => {
    if (started.current) return;
    started.current = true;
    test();
  });
  return (
    <div className="grid gap-4">
      <DialogHeader>
        <DialogTitle>Test {name}</DialogTitle>
        <DialogDescription>A fresh bind or balance request with the saved settings, apart from the live link. Nothing is sent.</DialogDescription>
      </DialogHeader>
      <div role="status" aria-live="polite" className="rounded-md border px-3 py-3 text-sm">
        {pending || !result ? (
          <p className="flex items-center gap-2 text-muted-foreground"><LoaderCircle className="size-4 animate-spin" aria-hidden /> Testing…</p>
        ) : (
          <div className="grid gap-1">
            <p className={`flex items-center gap-2 font-medium ${result.ok ? "text-success" : "text-destructive"}`}>
              {result.ok ? <CircleCheck className="size-4" aria-hidden /> : <CircleX className="size-4" aria-hidden />}
              {result.ok ? "It works" : "It does not work"}
              {result.ms > 0 ? <span className="font-normal text-muted-foreground">in {result.ms.toLocaleString("en-US")} ms</span> : null}
            </p>
            <p className="break-words">{result.detail}</p>
          </div>
        )}
      </div>
      <DialogFooter>
        <Button variant="ghost" onClick={onClose}>Close</Button>
        <Button variant="outline" onClick={test} disabled={pending}>Test again</Button>
      </DialogFooter>
    </div>
  );
}
