"use client";

import { KeyRound } from "lucide-react";
import type { ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";

/** The one time a key's plaintext is on screen: after this dialog closes, only its masked form is shown. */
export function KeyReveal({ title, plaintext, children, onDone }: { title: string; plaintext: string; children?: ReactNode; onDone: () => void }) {
  return (
    <div className="grid gap-4">
      <DialogHeader>
        <DialogTitle>{title}</DialogTitle>
        <DialogDescription>Copy it now and keep it somewhere safe: it is shown only this once.</DialogDescription>
      </DialogHeader>
      <div className="grid gap-1">
        <p id="new-key-label" className="text-sm font-medium">API key</p>
        <div className="flex items-center gap-2 rounded-md border bg-muted px-3 py-2">
          <code aria-labelledby="new-key-label" className="min-w-0 flex-1 font-mono text-sm break-all select-all" data-testid="new-api-key">{plaintext}</code>
          <CopyButton value={plaintext} label="API key" />
        </div>
      </div>
      {children}
      <p className="flex items-center gap-2 text-sm text-muted-foreground">
        <KeyRound className="size-4" aria-hidden /> Only a hash of the key is kept; a lost key cannot be shown again, only rotated.
      </p>
      <DialogFooter>
        <Button onClick={onDone}>I have saved it</Button>
      </DialogFooter>
    </div>
  );
}
