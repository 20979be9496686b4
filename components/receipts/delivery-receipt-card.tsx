import { Webhook } from "lucide-react";
import { RemoveSettingButton } from "@/components/recharge/remove-setting-button";
import { Badge } from "@/components/ui/badge";
import { Card, CardAction, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from "@/components/ui/card";
import type { ActionResult } from "@/lib/actions/define-action";
import type { DeliveryReceiptUrlView } from "@/lib/domain/messaging/delivery-receipt-schemas";
import { DeliveryReceiptDialog } from "./delivery-receipt-dialog";
import type { DeliveryReceiptAction } from "./delivery-receipt-form";

/** An account's delivery-receipt URL (SMS Central's receipt push) on its overview: owners and admins set it. */
export function DeliveryReceiptCard({ account, receipt, canEdit, readOnlyNote, actions }: {
  account: { id: number; name: string };
  receipt: DeliveryReceiptUrlView | null;
  canEdit: boolean;
  readOnlyNote: string | null;
  actions: { set: DeliveryReceiptAction; remove: (input: { accountId: number }) => Promise<ActionResult<{ removed: boolean }>> };
}) {
  return (
    <Card id="delivery-receipts" role="region" aria-labelledby="delivery-receipts-title">
      <CardHeader>
        <CardTitle id="delivery-receipts-title" className="flex items-center gap-2 text-base"><Webhook className="size-4 text-muted-foreground" aria-hidden /> Delivery receipts</CardTitle>
        <CardDescription>Each status change of this account&apos;s messages, whatever sent them, pushed to your server as SMS Central does.</CardDescription>
        <CardAction>
          <Badge variant={receipt ? "success" : "outline"} data-testid="delivery-receipts-status">{receipt ? "On" : "Off"}</Badge>
        </CardAction>
      </CardHeader>
      <CardContent className="space-y-3 text-sm">
        {receipt ? (
          <dl className="grid grid-cols-[auto_1fr] gap-x-6 gap-y-2" aria-label="Delivery receipts">
            <dt className="text-muted-foreground">URL</dt>
            <dd className="font-medium break-all">{receipt.url}</dd>
            <dt className="text-muted-foreground">User name</dt>
            <dd>{receipt.userName ?? "—"}</dd>
            <dt className="text-muted-foreground">Password</dt>
            <dd>{receipt.hasPassword ? "Stored (never shown)" : "—"}</dd>
          </dl>
        ) : (
          <p className="text-muted-foreground">Off: no receipts are pushed. API callers can still ask for the status.</p>
        )}
        {readOnlyNote ? <p className="text-xs text-muted-foreground">{readOnlyNote}</p> : null}
      </CardContent>
      {canEdit ? (
        <CardFooter className="mt-auto flex-wrap gap-2">
          <DeliveryReceiptDialog account={account} receipt={receipt} action={actions.set} />
          {receipt ? (
            <RemoveSettingButton accountId={account.id} label="Remove delivery receipt URL" title={`Stop the delivery receipts of ${account.name}?`}
              description="No more receipts will be pushed; those still waiting to be retried are dropped." done={`Delivery receipts of ${account.name} stopped.`}
              action={actions.remove} />
          ) : null}
        </CardFooter>
      ) : null}
    </Card>
  );
}
