"use client";

import { useState, useTransition, type ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";

/** A yes/no step before something consequential, with the server's refusal shown in place. */
export function ConfirmDialog({ open, onOpenChange, title, description, confirmLabel, dismissLabel = "Cancel", destructive, blocked = false, onConfirm }: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: string;
  description: ReactNode;
  confirmLabel: string;
  /** the button that closes without doing it ("Keep it" where the action itself is a cancel) */
  dismissLabel?: string;
  destructive?: boolean;
  /** the description already says why this cannot be done: the confirm button is disabled */
  blocked?: boolean;
  /** resolves to an error message, or null when done */
  onConfirm: () => Promise<string | null>;
}) {
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  return (
    <Dialog open={open} onOpenChange={(o) => { onOpenChange(o); if (!o) setError(null); }}>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>{title}</DialogTitle>
          <DialogDescription asChild><div className="space-y-2">{description}</div></DialogDescription>
        </DialogHeader>
        {error ? <p role="alert" className="rounded-md border border-destructive/40 bg-destructive/10 px-3 py-2 text-sm text-destructive">{error}</p> : null}
        <DialogFooter>
          <Button variant="ghost" onClick={() => onOpenChange(false)} disabled={pending}>{dismissLabel}</Button>
          <Button
            variant={destructive ? "destructive" : "default"}
            disabled={pending || blocked}
            onClick={() =>
              startTransition(async () => {
                const message = await onConfirm();
                if (message) setError(message);
                else onOpenChange(false);
              })
            }
          >
            {pending ? "Working…" : confirmLabel}
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
