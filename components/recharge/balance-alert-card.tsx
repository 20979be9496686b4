import { Bell } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { Card, CardAction, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from "@/components/ui/card";
import { Money } from "@/components/ui/money";
import type { ActionResult } from "@/lib/actions/define-action";
import { BalanceAlertDialog } from "./balance-alert-dialog";
import type { BalanceAlertAction } from "./balance-alert-form";
import { RemoveSettingButton } from "./remove-setting-button";

/** An account's low-balance alert on its overview: owners of the account or above set it, others read it. */
export function BalanceAlertCard({ account, alert, canEdit, readOnlyNote, actions }: {
  account: { id: number; name: string; currency: string; isMaster: boolean };
  alert: { threshold: string; notifyMembers: boolean; isBelow: boolean } | null;
  canEdit: boolean;
  /** why the viewer cannot change it, when they cannot */
  readOnlyNote: string | null;
  actions: { set: BalanceAlertAction; remove: (input: { accountId: number }) => Promise<ActionResult<{ removed: boolean }>> };
}) {
  // who the outbox mails: the owners of the nearest account above with owners; the master's own owners
  const recipients = account.isMaster ? `the owners of ${account.name}` : `the owners above ${account.name}`;
  return (
    <Card id="low-balance-alert" role="region" aria-labelledby="low-balance-alert-title">
      <CardHeader>
        <CardTitle id="low-balance-alert-title" className="flex items-center gap-2 text-base"><Bell className="size-4 text-muted-foreground" aria-hidden /> Low-balance alert</CardTitle>
        <CardDescription>One e-mail when the balance falls below a threshold, again only after it has risen above.</CardDescription>
        <CardAction>
          <Badge variant={alert ? "success" : "outline"} data-testid="low-balance-alert-status">{alert ? "On" : "Off"}</Badge>
        </CardAction>
      </CardHeader>
      <CardContent className="space-y-3 text-sm">
        {alert ? (
          <dl className="grid grid-cols-[auto_1fr] gap-x-6 gap-y-2" aria-label="Low-balance alert">
            <dt className="text-muted-foreground">Alert below</dt>
            <dd className="font-medium"><Money micro={alert.threshold} currency={account.currency} /></dd>
            <dt className="text-muted-foreground">E-mails</dt>
            <dd>{recipients.charAt(0).toUpperCase() + recipients.slice(1)}{alert.notifyMembers ? ` and the users of ${account.name}` : ""}</dd>
            <dt className="text-muted-foreground">Now</dt>
            <dd>{alert.isBelow ? "Below the threshold: the next e-mail comes after the balance has risen above it." : "Above the threshold"}</dd>
          </dl>
        ) : (
          <p className="text-muted-foreground">Off: nobody is e-mailed when the balance runs low.</p>
        )}
        {readOnlyNote ? <p className="text-xs text-muted-foreground">{readOnlyNote}</p> : null}
      </CardContent>
      {canEdit ? (
        <CardFooter className="mt-auto flex-wrap gap-2">
          <BalanceAlertDialog account={account} alert={alert} recipients={recipients} action={actions.set} />
          {alert ? (
            <RemoveSettingButton accountId={account.id} label="Remove low-balance alert" title={`Remove the low-balance alert of ${account.name}?`}
              description="Nobody will be e-mailed when its balance runs low." done={`Low-balance alert of ${account.name} removed.`}
              action={actions.remove} />
          ) : null}
        </CardFooter>
      ) : null}
    </Card>
  );
}
