import type { Metadata } from "next";
import { requirePageAccess } from "@/lib/auth/access";
import { getAccountOverview } from "@/lib/domain/accounts/queries";
import { formatAmount } from "@/lib/money";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Money } from "@/components/ui/money";
import { BalanceDialog } from "@/components/ledger/balance-dialog";
import { roleAllows } from "@/lib/domain/context";
import { getRechargeSettings, listRechargeEvents } from "@/lib/domain/recharge/queries";
import { AutoRechargeCard } from "@/components/recharge/auto-recharge-card";
import { BalanceAlertCard } from "@/components/recharge/balance-alert-card";
import { RechargeHistory } from "@/components/recharge/recharge-history";
import { OverviewPanels } from "@/components/stats/overview-panels";
import { DeliveryReceiptCard } from "@/components/receipts/delivery-receipt-card";
import { findDeliveryReceiptUrl } from "@/lib/domain/messaging/delivery-receipt-queries";
import { creditMemberAction, debitMemberAction } from "./actions";
import { removeAutoRechargeAction, removeBalanceAlertAction, setAutoRechargeAction, setBalanceAlertAction } from "./recharge-actions";
import { removeDeliveryReceiptUrlAction, setDeliveryReceiptUrlAction } from "./receipt-actions";

export const metadata: Metadata = { title: "Overview" };

const STATUS_BADGE = { active: "success", suspended: "warning", closed: "outline" } as const;

export default async function OverviewPage({ params }: PageProps<"/accounts/[accountId]">) {
  const accountId = Number((await params).accountId);
  const { ctx } = await requirePageAccess(accountId, "viewer", `/accounts/${accountId}`);
  const [account, recharge, rechargeEvents, receipt] = await Promise.all([
    getAccountOverview(ctx, accountId),
    getRechargeSettings(ctx, accountId),
    listRechargeEvents(ctx, accountId, 10),
    findDeliveryReceiptUrl(ctx, accountId),
  ]);
  const canMoveMoney = roleAllows(ctx.role, "owner") && account.status !== "closed";
  const self = { name: account.name, balance: account.balance.toString(), prepaid: account.paymentModel === "prepaid" };
  const parent = account.parent
    ? { name: account.parent.name, balance: account.parent.balance.toString(), prepaid: account.parent.paymentModel === "prepaid" }
    : null;
  const balanceLabel = account.paymentModel === "postpaid" && account.balance < 0n ? "Accrued to invoice" : "Balance";

  // a rule spends the parent's money: only owners of an account above this one set it (the domain checks it too)
  const isOwner = roleAllows(ctx.role, "owner");
  const isOpen = account.status !== "closed";
  const canEditRule = isOwner && isOpen && !account.isMaster && account.id !== ctx.accountId;
  const ruleNote = account.isMaster || canEditRule ? null
    : !isOwner ? "Only owners can change auto-recharge: it moves money."
    : !isOpen ? `${account.name} is closed.`
    : `Set by the owners of the account above ${account.name}.`;
  const canEditAlert = isOwner && isOpen;
  const alertNote = canEditAlert ? null : !isOwner ? "Only owners can change the alert." : `${account.name} is closed.`;
  const canEditReceipts = roleAllows(ctx.role, "admin");
  const { rule, alert } = recharge;
  const rechargeAccount = { id: account.id, name: account.name, currency: account.currency, isMaster: account.isMaster };

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-2xl font-semibold tracking-tight">{account.name}</h1>
        <Badge variant={STATUS_BADGE[account.status]}>{account.status}</Badge>
        {account.isMaster ? <Badge variant="secondary">master</Badge> : account.isPartner ? <Badge variant="secondary">partner</Badge> : null}
      </div>

      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
        <Card>
          <CardHeader>
            <CardDescription>{balanceLabel}</CardDescription>
            <CardTitle className="text-3xl tabular-nums" data-testid="account-balance">
              <Money micro={account.paymentModel === "postpaid" && account.balance < 0n ? -account.balance : account.balance} currency={account.currency} />
            </CardTitle>
          </CardHeader>
          <CardContent className="space-y-4 text-sm text-muted-foreground">
            <p>
              {account.paymentModel === "prepaid" ? "Prepaid: messages are paid from this balance." : account.invoicingAccount
                ? `Postpaid, invoiced to ${account.invoicingAccount.name}.`
                : "Postpaid, invoiced to this account."}
            </p>
            {account.isMaster ? <p>Money arrives here as the payments your platform records for you; credit members from it.</p> : null}
            {canMoveMoney && parent ? (
              <div className="flex flex-wrap gap-2">
                <BalanceDialog mode="credit" accountId={account.id} currency={account.currency} action={creditMemberAction} from={parent} to={self} />
                <BalanceDialog mode="debit" accountId={account.id} currency={account.currency} action={debitMemberAction} from={self} to={parent} />
              </div>
            ) : null}
          </CardContent>
        </Card>
        {account.isMaster || account.isPartner ? <Card>
          <CardHeader>
            <CardDescription>Team</CardDescription>
            <CardTitle className="text-3xl tabular-nums">{account.childCount}</CardTitle>
          </CardHeader>
          <CardContent className="text-sm text-muted-foreground">
            {account.childCount === 1 ? "direct member" : "direct members"}
            {account.descendantCount > account.childCount ? `, ${account.descendantCount} in the whole tree` : ""}
          </CardContent>
        </Card> : null}
        <Card>
          <CardHeader>
            <CardDescription>Monthly volume limit</CardDescription>
            <CardTitle className="text-3xl tabular-nums">
              {account.monthlyVolumeLimit === null ? "None" : account.monthlyVolumeLimit.toLocaleString("en-US")}
            </CardTitle>
          </CardHeader>
          <CardContent className="text-sm text-muted-foreground">
            {account.monthlyVolumeLimit === null ? "This account can send without a monthly cap." : "messages per calendar month (UTC)"}
          </CardContent>
        </Card>
      </div>

      <OverviewPanels ctx={ctx} accountId={accountId} hasMembers={account.isMaster || account.isPartner} />

      <div className="grid gap-4 lg:grid-cols-2">
        <AutoRechargeCard
          account={rechargeAccount}
          parent={parent ? { name: parent.name, balance: parent.balance } : null}
          rule={rule ? {
            enabled: rule.enabled,
            threshold: rule.threshold.toString(),
            amount: rule.amount?.toString() ?? null,
            target: rule.target?.toString() ?? null,
            maxPerDay: rule.maxPerDay,
            maxAmountPerDay: rule.maxAmountPerDay?.toString() ?? null,
          } : null}
          canEdit={canEditRule}
          readOnlyNote={ruleNote}
          actions={{ set: setAutoRechargeAction, remove: removeAutoRechargeAction }}
        />
        <BalanceAlertCard
          account={rechargeAccount}
          alert={alert ? { threshold: alert.threshold.toString(), notifyMembers: alert.notifyMembers, isBelow: alert.isBelow } : null}
          canEdit={canEditAlert}
          readOnlyNote={alertNote}
          actions={{ set: setBalanceAlertAction, remove: removeBalanceAlertAction }}
        />
        <DeliveryReceiptCard
          account={{ id: account.id, name: account.name }}
          receipt={receipt}
          canEdit={canEditReceipts}
          readOnlyNote={canEditReceipts ? null : "Only owners and admins can change where receipts go."}
          actions={{ set: setDeliveryReceiptUrlAction, remove: removeDeliveryReceiptUrlAction }}
        />
      </div>

      {!account.isMaster && (rule || rechargeEvents.length > 0) ? (
        <RechargeHistory
          accountId={account.id}
          currency={account.currency}
          events={rechargeEvents.map((e) => ({
            id: e.id.toString(),
            succeeded: e.succeeded,
            amount: e.amount.toString(),
            transferId: e.transferId?.toString() ?? null,
            reason: e.reason,
            createdAt: e.createdAt.toISOString(),
          }))}
          emptyText={rule ? `No recharge yet: the first comes when the balance falls below ${formatAmount(rule.threshold, account.currency)}.` : "No recharges."}
        />
      ) : null}

      <Card>
        <CardHeader>
          <CardTitle className="text-base">Account details</CardTitle>
        </CardHeader>
        <CardContent>
          <dl className="grid gap-x-6 gap-y-3 text-sm sm:grid-cols-2">
            <Detail label="Account id" value={`#${account.id}`} />
            <Detail label="Contact e-mail" value={account.contactEmail ?? "—"} />
            <Detail label="Payment model" value={account.paymentModel} />
            <Detail label="Currency" value={account.currency} />
            <Detail label="Level in the tree" value={account.depth === 0 ? "master" : String(account.depth)} />
            <Detail label="Created" value={account.createdAt.toISOString().slice(0, 10)} />
          </dl>
        </CardContent>
      </Card>
    </div>
  );
}

function Detail({ label, value }: { label: string; value: string }) {
  return (
    <div className="flex justify-between gap-4 border-b pb-2 sm:block sm:border-0 sm:pb-0">
      <dt className="text-muted-foreground">{label}</dt>
      <dd className="font-medium">{value}</dd>
    </div>
  );
}
