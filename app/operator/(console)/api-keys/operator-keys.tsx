"use client";

import { KeyRound, Plus } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { toast } from "@/components/ui/toaster";
import { ConfirmDialog } from "@/components/team/confirm-dialog";
import { useConfirmedClose } from "@/components/ui/confirmed-close";
import type { ActionResult } from "@/lib/actions/define-action";

type Key = { id: number; name: string; masked: string; createdBy: string; createdAt: string; lastUsedAt: string | null; revokedAt: string | null };
type Created = { id: number; name: string; masked: string; plaintext: string };
const dateTime = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

export function OperatorKeys({ keys, actions }: {
  keys: Key[];
  actions: { create: (input: { name: string }) => Promise<ActionResult<Created>>; revoke: (input: { keyId: number }) => Promise<ActionResult<unknown>> };
}) {
  const router = useRouter();
  const [revoking, setRevoking] = useState<Key | null>(null);
  return (
    <div className="space-y-3">
      <CreateKeyDialog action={actions.create} />
      <div className="overflow-x-auto rounded-lg border bg-card">
        <Table>
          <caption className="sr-only">Operator API keys</caption>
          <TableHeader>
            <TableRow>
              <TableHead scope="col">Name</TableHead>
              <TableHead scope="col">Key</TableHead>
              <TableHead scope="col">Created</TableHead>
              <TableHead scope="col">Last used</TableHead>
              <TableHead scope="col"><span className="sr-only">Actions</span></TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {keys.length === 0 ? (
              <TableRow><TableCell colSpan={5} className="py-10 text-center text-muted-foreground">No API keys yet.</TableCell></TableRow>
            ) : (
              keys.map((k) => (
                <TableRow key={k.id}>
                  <TableCell className="font-medium">{k.name} {k.revokedAt ? <Badge variant="outline">revoked</Badge> : null}</TableCell>
                  <TableCell><code className="text-xs">{k.masked}</code></TableCell>
                  <TableCell className="whitespace-nowrap">{dateTime.format(new Date(k.createdAt))} UTC<div className="text-xs text-muted-foreground">by {k.createdBy}</div></TableCell>
                  <TableCell className="whitespace-nowrap">{k.lastUsedAt ? `${dateTime.format(new Date(k.lastUsedAt))} UTC` : <span className="text-muted-foreground">never</span>}</TableCell>
                  <TableCell className="text-right">
                    {k.revokedAt ? null : <Button variant="outline" size="sm" onClick={() => setRevoking(k)} aria-label={`Revoke ${k.name}`}>Revoke</Button>}
                  </TableCell>
                </TableRow>
              ))
            )}
          </TableBody>
        </Table>
      </div>
      <ConfirmDialog
        open={revoking !== null}
        onOpenChange={(o) => !o && setRevoking(null)}
        title={`Revoke ${revoking?.name ?? "the key"}?`}
        description={<p>Requests with it are refused from now on. This cannot be undone; make a new key if you need one.</p>}
        confirmLabel="Revoke key"
        destructive
        onConfirm={async () => {
          const result = await actions.revoke({ keyId: revoking!.id });
          if (!result.ok) return result.error;
          toast.success(`${revoking!.name} is revoked.`);
          router.refresh();
          return null;
        }}
      />
    </div>
  );
}

function CreateKeyDialog({ action }: { action: (input: { name: string }) => Promise<ActionResult<Created>> }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [name, setName] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [created, setCreated] = useState<Created | null>(null);
  const [pending, startTransition] = useTransition();
  const guard = useConfirmedClose({
    holdsSecret: created !== null,
    close: () => {
      setOpen(false);
      if (created) router.refresh();
      setCreated(null);
      setName("");
      setError(null);
    },
  });
  const change = (o: boolean) => (o ? setOpen(true) : guard.request());
  return (
    <Dialog open={open} onOpenChange={change}>
      <DialogTrigger asChild><Button><Plus className="size-4" aria-hidden /> New API key</Button></DialogTrigger>
      <DialogContent onInteractOutside={(e) => created && e.preventDefault()}>
        {created ? (
          <div className="grid gap-4">
            <DialogHeader>
              <DialogTitle>{created.name}</DialogTitle>
              <DialogDescription>Copy the key now: it is shown only this once, and only a hash of it is kept.</DialogDescription>
            </DialogHeader>
            <div className="flex items-center gap-2 rounded-md border bg-muted px-3 py-2">
              <code className="min-w-0 flex-1 break-all font-mono text-sm" data-testid="operator-key">{created.plaintext}</code>
              <CopyButton value={created.plaintext} label="API key" />
            </div>
            <p className="flex items-center gap-2 text-sm text-muted-foreground"><KeyRound className="size-4" aria-hidden /> Send it as <code>Authorization: Bearer …</code></p>
            {guard.prompt}
            <DialogFooter><Button onClick={guard.closeNow}>I have saved it</Button></DialogFooter>
          </div>
        ) : (
          <form className="grid gap-4" noValidate aria-busy={pending} onSubmit={(e) => {
            e.preventDefault();
            startTransition(async () => {
              const result = await action({ name });
              if (!result.ok) return setError(result.fieldErrors?.name?.[0] ?? result.error);
              setCreated(result.data);
            });
          }}>
            <DialogHeader>
              <DialogTitle>New operator API key</DialogTitle>
              <DialogDescription>Name it after the system that will use it.</DialogDescription>
            </DialogHeader>
            <div className="grid gap-2">
              <Label htmlFor="key-name">Name</Label>
              <Input id="key-name" autoFocus value={name} onChange={(e) => setName(e.target.value)} placeholder="Billing sync"
                aria-invalid={error ? true : undefined} aria-describedby="key-name-error" />
              {error ? <p id="key-name-error" role="alert" className="text-sm text-destructive">{error}</p> : null}
            </div>
            <DialogFooter><Button type="submit" disabled={pending}>{pending ? "Creating…" : "Create key"}</Button></DialogFooter>
          </form>
        )}
      </DialogContent>
    </Dialog>
  );
}
