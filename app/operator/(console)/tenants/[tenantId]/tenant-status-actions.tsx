"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { toast } from "@/components/ui/toaster";
import { ConfirmDialog } from "@/components/team/confirm-dialog";
import type { ActionResult } from "@/lib/actions/define-action";

type TenantAction = (input: { tenantId: number }) => Promise<ActionResult<unknown>>;

/** Suspend or reactivate a tenant, resend its owner's invitation, and close it when it is empty: each confirmed first. */
export function TenantStatusActions({ tenantId, name, status, canClose, closeBlockedReason, hasPendingOwner, actions }: {
  tenantId: number;
  name: string;
  status: "active" | "suspended" | "closed";
  canClose: boolean;
  closeBlockedReason: string | null;
  hasPendingOwner: boolean;
  actions: { suspend: TenantAction; activate: TenantAction; close: TenantAction; resendOwnerInvitation: TenantAction };
}) {
  const router = useRouter();
  const [dialog, setDialog] = useState<"suspend" | "activate" | "close" | null>(null);
  const [resending, setResending] = useState(false);
  const run = (action: TenantAction, done: string) => async () => {
    const result = await action({ tenantId });
    if (!result.ok) return result.error;
    toast.success(done);
    router.refresh();
    return null;
  };
  if (status === "closed") return null;
  return (
    <div className="flex flex-wrap gap-2">
      {hasPendingOwner ? (
        <Button variant="outline" disabled={resending} onClick={async () => {
          setResending(true);
          const result = await actions.resendOwnerInvitation({ tenantId });
          setResending(false);
          if (result.ok) toast.success("The owner's invitation was sent again; the earlier link no longer works.");
          else toast.error(result.error);
          router.refresh();
        }}>{resending ? "Sending…" : "Resend owner invitation"}</Button>
      ) : null}
      {status === "active" ? (
        <Button variant="outline" onClick={() => setDialog("suspend")}>Suspend</Button>
      ) : (
        <Button variant="outline" onClick={() => setDialog("activate")}>Reactivate</Button>
      )}
      <Button variant="outline" className="text-destructive" onClick={() => setDialog("close")} disabled={!canClose} title={closeBlockedReason ?? undefined}>Close tenant</Button>
      <ConfirmDialog
        open={dialog === "suspend"}
        onOpenChange={(o) => setDialog(o ? "suspend" : null)}
        title={`Suspend ${name}?`}
        description={<p>Every user and API key of {name} is refused from their next request: no sign-in, no message, no money out. Balances, keys and logs stay, and you can reactivate it at any time.</p>}
        confirmLabel="Suspend tenant"
        destructive
        onConfirm={run(actions.suspend, `${name} is suspended.`)}
      />
      <ConfirmDialog
        open={dialog === "activate"}
        onOpenChange={(o) => setDialog(o ? "activate" : null)}
        title={`Reactivate ${name}?`}
        description={<p>Its users can sign in and its keys work again at their next request.</p>}
        confirmLabel="Reactivate tenant"
        onConfirm={run(actions.activate, `${name} is active again.`)}
      />
      <ConfirmDialog
        open={dialog === "close"}
        onOpenChange={(o) => setDialog(o ? "close" : null)}
        title={`Close ${name}?`}
        description={<p>Closing is final: its users lose access, every API key and pending invitation is revoked. Its history stays.</p>}
        confirmLabel="Close tenant"
        destructive
        onConfirm={run(actions.close, `${name} is closed.`)}
      />
    </div>
  );
}
