"use client";

import { KeyRound } from "lucide-react";
import type { ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";

/**
 * SMS.to's OAuth mode takes a client id and a secret: they are the key's two parts, split at its last `_`
 * (`sk_live_<keyId>` and the secret), so one key serves both modes and its revoke ends both.
 */
function clientCredentialsOf(plaintext: string) {
  const cut = plaintext.lastIndexOf("_");
  return { clientId: plaintext.slice(0, cut), secret: plaintext.slice(cut + 1) };
}

function CredentialRow({ id, label, value }: { id: string; label: string; value: string }) {
  return (
    <div className="grid gap-1">
      <p id={id} className="text-xs font-medium">{label}</p>
      <div className="flex items-center gap-2 rounded-md border bg-muted px-3 py-1.5">
        <code aria-labelledby={id} className="min-w-0 flex-1 font-mono text-xs break-all select-all">{value}</code>
        <CopyButton value={value} label={label} />
      </div>
    </div>
  );
}

/** The one time a key's plaintext is on screen: after this dialog closes, only its masked form is shown. */
export function KeyReveal({ title, plaintext, children, onDone }: { title: string; plaintext: string; children?: ReactNode; onDone: () => void }) {
  const client = clientCredentialsOf(plaintext);
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
      <details className="rounded-md border px-3 py-2">
        <summary className="cursor-pointer rounded-sm text-sm font-medium focus-visible:ring-2 focus-visible:ring-ring focus-visible:outline-none">
          Client id and secret, for SMS.to&rsquo;s OAuth mode
        </summary>
        <div className="mt-3 grid gap-3">
          <p className="text-xs text-muted-foreground">
            The same key in two parts: send them to <code className="font-mono">POST /oauth/token</code> for a token. Revoking the key ends its tokens too.
          </p>
          <CredentialRow id="new-key-client-id" label="Client id" value={client.clientId} />
          <CredentialRow id="new-key-secret" label="Secret" value={client.secret} />
        </div>
      </details>
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
