import { Zap } from "lucide-react";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Card, CardAction, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from "@/components/ui/card";
import { Money } from "@/components/ui/money";
import type { ActionResult } from "@/lib/actions/define-action";
import { dailyLimitsText, type RuleSummary } from "./describe-recharge";
import { AutoRechargeDialog } from "./auto-recharge-dialog";
import type { AutoRechargeAction } from "./auto-recharge-form";
import { RemoveSettingButton } from "./remove-setting-button";

type Account = { id: number; name: string; currency: string; isMaster: boolean };

/**
 * An account's auto-recharge rule on its overview. Editable by the owners of an account above it (the rule
 * spends their money); everyone else reads it, with the reason. The master has no rule: it says why.
 */
export function AutoRechargeCard({ account, parent, rule, canEdit, readOnlyNote, actions }: {
  account: Account;
  /** the account that pays, when the viewer can see it */
  parent: { name: string; balance: string } | null;
  rule: RuleSummary | null;
  canEdit: boolean;
  /** why the viewer cannot change it, when they cannot */
  readOnlyNote: string | null;
  actions: { set: AutoRechargeAction; remove: (input: { accountId: number }) => Promise<ActionResult<{ removed: boolean }>> };
}) {
  const status = !rule ? "Off" : rule.enabled ? "On" : "Paused";

  if (account.isMaster) {
    return (
      <Card id="auto-recharge" role="region" className="scroll-mt-20" aria-labelledby="auto-recharge-title">
        <CardHeader>
          <CardTitle id="auto-recharge-title" className="flex items-center gap-2 text-base"><Zap className="size-4 text-muted-foreground" aria-hidden /> Auto-recharge</CardTitle>
          <CardDescription>Not available for the master account</CardDescription>
        </CardHeader>
        <CardContent className="space-y-3 text-sm text-muted-foreground">
          <p>
            {account.name} is the master: it is funded by the payments your platform records, and has no account above it to recharge
            from, so it cannot auto-recharge.
          </p>
          <p>
            Its members can: open a member and set its auto-recharge to refill it from {account.name}.{" "}
            <Link href={`/accounts/${account.id}/team`} className="font-medium text-primary hover:underline">Go to the team</Link>
          </p>
        </CardContent>
      </Card>
    );
  }

  const payer = parent?.name ?? "the account above";
  return (
    <Card id="auto-recharge" role="region" className="scroll-mt-20" aria-labelledby="auto-recharge-title">
      <CardHeader>
        <CardTitle id="auto-recharge-title" className="flex items-center gap-2 text-base"><Zap className="size-4 text-muted-foreground" aria-hidden /> Auto-recharge</CardTitle>
        <CardDescription>Refills {account.name} from {payer} in the same transaction that leaves it low.</CardDescription>
        <CardAction>
          <Badge variant={status === "On" ? "success" : status === "Paused" ? "warning" : "outline"} data-testid="auto-recharge-status">{status}</Badge>
        </CardAction>
      </CardHeader>
      <CardContent className="space-y-3 text-sm">
        {rule ? (
          <dl className="grid grid-cols-[auto_1fr] gap-x-6 gap-y-2" aria-label="Auto-recharge rule">
            <dt className="text-muted-foreground">Recharge below</dt>
            <dd className="font-medium"><Money micro={rule.threshold} currency={account.currency} /></dd>
            <dt className="text-muted-foreground">Each recharge</dt>
            <dd className="font-medium">
              {rule.target !== null ? "Top up to " : "+"}<Money micro={rule.target ?? rule.amount ?? "0"} currency={account.currency} />
            </dd>
            <dt className="text-muted-foreground">Daily limits</dt>
            <dd>{dailyLimitsText(rule, account.currency) ?? "None"}</dd>
          </dl>
        ) : (
          <p className="text-muted-foreground">Off: when the balance runs out, messages are refused until someone credits {account.name}.</p>
        )}
        {rule && !rule.enabled ? <p className="text-muted-foreground">Paused: no recharge is made until it is enabled again.</p> : null}
        {readOnlyNote ? <p className="text-xs text-muted-foreground">{readOnlyNote}</p> : null}
      </CardContent>
      {canEdit ? (
        <CardFooter className="mt-auto flex-wrap gap-2">
          <AutoRechargeDialog account={account} parent={parent} rule={rule} action={actions.set} />
          {rule ? (
            <RemoveSettingButton accountId={account.id} label="Remove auto-recharge" title={`Remove the auto-recharge of ${account.name}?`}
              description={`${payer} will no longer refill it. Its recharge history stays.`} done={`Auto-recharge of ${account.name} removed.`}
              action={actions.remove} />
          ) : null}
        </CardFooter>
      ) : null}
    </Card>
  );
}
