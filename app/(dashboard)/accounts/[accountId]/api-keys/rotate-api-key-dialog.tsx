"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import type { ActionResult } from "@/lib/actions/define-action";
import { GRACE_PERIODS } from "@/lib/domain/api-keys/schemas";
import { cn } from "@/lib/utils";
import { formatUtc } from "./format-utc";
import { useConfirmedClose } from "@/components/ui/confirmed-close";
import { KeyReveal } from "./key-reveal";

type Rotated = {
  created: { id: number; name: string; masked: string; plaintext: string };
  replaced: { id: number; masked: string; expiresAt: string };
};
export type RotateAction = (input: { accountId: number; apiKeyId: number; graceSeconds: number }) => Promise<ActionResult<Rotated>>;

const DEFAULT_GRACE = 24 * 3600;

/** Chooses how long the old key keeps working, rotates, then shows the new key once. */
export function RotateApiKeyDialog({ accountId, apiKey, open, onOpenChange, action }: {
  accountId: number;
  apiKey: { id: number; name: string; masked: string };
  open: boolean;
  onOpenChange: (open: boolean) => void;
  action: RotateAction;
}) {
  const router = useRouter();
  const [rotated, setRotated] = useState<(Rotated & { isImmediate: boolean }) | null>(null);
  const guard = useConfirmedClose({
    holdsSecret: rotated !== null,
    close: () => {
      onOpenChange(false);
      if (rotated) {
        setRotated(null);
        router.refresh();
      }
    },
  });
  const change = (next: boolean) => (next ? onOpenChange(true) : guard.request());
  return (
    <Dialog open={open} onOpenChange={change}>
      <DialogContent className="sm:max-w-xl" onInteractOutside={(e) => rotated && e.preventDefault()}>
        {rotated ? (
          <KeyReveal title={`New key for “${rotated.created.name}”`} plaintext={rotated.created.plaintext} onDone={guard.closeNow}>
            <p className="rounded-md border bg-accent/50 px-3 py-2 text-sm">
              {rotated.isImmediate
                ? <>The old key <code className="font-mono text-xs">{rotated.replaced.masked}</code> has stopped working.</>
                : <>The old key <code className="font-mono text-xs">{rotated.replaced.masked}</code> keeps working until {formatUtc(rotated.replaced.expiresAt)} UTC. Switch your integration to the new key before then.</>}
            </p>
            {guard.prompt}
          </KeyReveal>
        ) : open ? (
          <RotateForm accountId={accountId} apiKey={apiKey} action={action} onRotated={setRotated} onCancel={() => change(false)} />
        ) : null}
      </DialogContent>
    </Dialog>
  );
}

function RotateForm({ accountId, apiKey, action, onRotated, onCancel }: {
  accountId: number;
  apiKey: { id: number; name: string; masked: string };
  action: RotateAction;
  onRotated: (rotated: Rotated & { isImmediate: boolean }) => void;
  onCancel: () => void;
}) {
  const [graceSeconds, setGraceSeconds] = useState<number>(DEFAULT_GRACE);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    startTransition(async () => {
      const result = await action({ accountId, apiKeyId: apiKey.id, graceSeconds });
      if (!result.ok) {
        setError(result.fieldErrors?.graceSeconds?.[0] ?? result.error);
        return;
      }
      onRotated({ ...result.data, isImmediate: graceSeconds === 0 });
    });
  };
  return (
    <form onSubmit={submit} className="grid gap-4" aria-busy={pending}>
      <DialogHeader>
        <DialogTitle>Rotate “{apiKey.name}”?</DialogTitle>
        <DialogDescription>
          A new key with the same name replaces <code className="font-mono text-xs">{apiKey.masked}</code>. Put the new key into your
          integration; the old one keeps working for the time you choose, then stops.
        </DialogDescription>
      </DialogHeader>
      <fieldset className="grid gap-2">
        <legend className="mb-2 text-sm font-medium">The old key stops working</legend>
        <div className="grid gap-2 sm:grid-cols-2">
          {GRACE_PERIODS.map((p) => (
            <label
              key={p.seconds}
              className={cn(
                "flex cursor-pointer items-center gap-2 rounded-md border px-3 py-2 text-sm has-[:focus-visible]:ring-[3px] has-[:focus-visible]:ring-ring/50",
                graceSeconds === p.seconds && "border-primary bg-accent/60",
              )}
            >
              <input type="radio" name="graceSeconds" value={p.seconds} checked={graceSeconds === p.seconds} onChange={() => setGraceSeconds(p.seconds)} className="accent-primary" />
              {p.label}
            </label>
          ))}
        </div>
        {graceSeconds === 0 ? <p className="text-sm text-destructive">Every request with the old key is refused from the moment you rotate.</p> : null}
      </fieldset>
      {error ? <p role="alert" className="rounded-md border border-destructive/40 bg-destructive/10 px-3 py-2 text-sm text-destructive">{error}</p> : null}
      <DialogFooter>
        <Button type="button" variant="ghost" onClick={onCancel} disabled={pending}>Cancel</Button>
        <Button type="submit" disabled={pending}>{pending ? "Rotating…" : "Rotate key"}</Button>
      </DialogFooter>
    </form>
  );
}
