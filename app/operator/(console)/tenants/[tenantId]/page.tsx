import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requireOperatorPage } from "@/lib/auth/operator-access";
import { NotFoundError } from "@/lib/domain/errors";
import { tenantIdSchema } from "@/lib/domain/platform/schemas";
import { getTenantDetail, listPayments } from "@/lib/domain/platform/queries";
import { listPricesQuerySchema } from "@/lib/domain/pricing/list-prices-schema";
import { listCountriesToAdd, listPrices } from "@/lib/domain/pricing/queries";
import { formatExact } from "@/lib/money";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Money } from "@/components/ui/money";
import { PriceDialog } from "@/components/pricing/price-dialog";
import { PriceListTable } from "@/components/pricing/price-list-table";
import { PriceSearch } from "@/components/pricing/price-search";
import { PaymentsTable } from "@/components/operator/payments-table";
import {
  activateTenantAction,
  closeTenantAction,
  recordPaymentAction,
  removeTenantPriceAction,
  resendOwnerInvitationAction,
  setTenantPriceAction,
  suspendTenantAction,
} from "../../actions";
import { PaymentDialog } from "./payment-dialog";
import { TenantStatusActions } from "./tenant-status-actions";

export const metadata: Metadata = { title: "Tenant" };

const STATUS_BADGE = { active: "success", suspended: "warning", closed: "outline" } as const;
const dateTime = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

export default async function TenantPage({ params, searchParams }: PageProps<"/operator/tenants/[tenantId]">) {
  const raw = (await params).tenantId;
  const basePath = `/operator/tenants/${raw}`;
  await requireOperatorPage(basePath);
  const parsedId = tenantIdSchema.safeParse(raw);
  if (!parsedId.success) notFound();
  const tenantId = parsedId.data;
  const tenant = await getTenantDetail(tenantId).catch((err) => {
    if (err instanceof NotFoundError) notFound();
    throw err;
  });
  const search = await searchParams;
  const priceQuery = listPricesQuerySchema.parse(Object.fromEntries(Object.entries(search).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v])));
  const scope = { tenantId, accountId: tenantId };
  const [payments, prices, countriesToAdd] = await Promise.all([
    listPayments({ tenantId, pageSize: 10 }),
    listPrices(scope, priceQuery),
    listCountriesToAdd(scope),
  ]);
  const money = (micro: string) => <Money micro={micro} currency={tenant.currency} />;
  const openMembers = tenant.members.active + tenant.members.suspended;
  const closeBlockedReason =
    openMembers > 0 ? `Its owners must close its ${openMembers} open member account${openMembers === 1 ? "" : "s"} first.`
    // exact: a balance of €0.004 blocks the close and must not read as €0.00
    : BigInt(tenant.balance) !== 0n ? `Its master still holds ${formatExact(BigInt(tenant.balance), tenant.currency)}.`
    : null;
  const isClosed = tenant.status === "closed";
  return (
    <div className="space-y-6">
      <nav aria-label="Breadcrumb" className="text-sm text-muted-foreground">
        <Link href="/operator/tenants" className="hover:underline">Tenants</Link> <span aria-hidden>/</span> <span aria-current="page" className="text-foreground">{tenant.name}</span>
      </nav>
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="space-y-1">
          <h1 className="flex flex-wrap items-center gap-2 text-2xl font-semibold tracking-tight">
            {tenant.name} <Badge variant={STATUS_BADGE[tenant.status]}>{tenant.status}</Badge>
          </h1>
          <p className="text-sm text-muted-foreground">
            Tenant #{tenant.tenantId} · {tenant.currency} · up to {tenant.maxDepth} levels · created {dateTime.format(new Date(tenant.createdAt))} UTC
          </p>
        </div>
        <div className="flex flex-wrap gap-2">
          <PaymentDialog
            tenantId={tenantId}
            tenantName={tenant.name}
            currency={tenant.currency}
            balance={tenant.balance}
            disabledReason={isClosed ? "The tenant is closed." : null}
            action={recordPaymentAction}
          />
          <TenantStatusActions
            tenantId={tenantId}
            name={tenant.name}
            status={tenant.status}
            canClose={closeBlockedReason === null}
            closeBlockedReason={closeBlockedReason}
            hasPendingOwner={tenant.pendingOwnerInvitation !== null}
            actions={{ suspend: suspendTenantAction, activate: activateTenantAction, close: closeTenantAction, resendOwnerInvitation: resendOwnerInvitationAction }}
          />
        </div>
      </div>
      {tenant.status === "suspended" ? (
        <p role="status" className="rounded-md border border-warning/50 bg-warning/10 px-3 py-2 text-sm">
          Suspended: every user and key of {tenant.name} is refused until you reactivate it.
        </p>
      ) : null}

      <div className="grid gap-4 sm:grid-cols-2 xl:grid-cols-4">
        <Card className="gap-1"><CardHeader><CardDescription>Master balance</CardDescription><CardTitle className="text-2xl tabular-nums">{money(tenant.balance)}</CardTitle></CardHeader></Card>
        <Card className="gap-1"><CardHeader><CardDescription>Paid in (all time)</CardDescription><CardTitle className="text-2xl tabular-nums">{money(tenant.received)}</CardTitle></CardHeader>
          <CardContent className="text-sm text-muted-foreground">{tenant.paymentCount} payment{tenant.paymentCount === 1 ? "" : "s"}; {money(tenant.charged)} charged for messages</CardContent></Card>
        <Card className="gap-1"><CardHeader><CardDescription>This month</CardDescription><CardTitle className="text-2xl tabular-nums">{money(tenant.spendThisMonth)}</CardTitle></CardHeader>
          <CardContent className="text-sm text-muted-foreground">{tenant.messagesThisMonth.toLocaleString("en-US")} message{tenant.messagesThisMonth === 1 ? "" : "s"}</CardContent></Card>
        <Card className="gap-1"><CardHeader><CardDescription>Members</CardDescription><CardTitle className="text-2xl tabular-nums">{openMembers.toLocaleString("en-US")}</CardTitle></CardHeader>
          <CardContent className="text-sm text-muted-foreground">{tenant.members.suspended} suspended · {tenant.members.closed} closed · {tenant.users} user{tenant.users === 1 ? "" : "s"}</CardContent></Card>
      </div>

      <section aria-labelledby="owners" className="space-y-2">
        <h2 id="owners" className="text-lg font-semibold">Owner</h2>
        {tenant.owners.length > 0 ? (
          <ul className="divide-y rounded-lg border bg-card">
            {tenant.owners.map((o) => (
              <li key={o.email} className="flex flex-wrap items-center justify-between gap-2 px-4 py-3 text-sm">
                <span><span className="font-medium">{o.name}</span> <span className="text-muted-foreground">{o.email}</span></span>
                <span className="text-muted-foreground">{o.lastSignInAt ? `last signed in ${dateTime.format(new Date(o.lastSignInAt))} UTC` : "never signed in"}</span>
              </li>
            ))}
          </ul>
        ) : tenant.pendingOwnerInvitation ? (
          <p className="rounded-lg border bg-card px-4 py-3 text-sm">
            Invited: <span className="font-medium">{tenant.pendingOwnerInvitation.email}</span>{" "}
            <span className="text-muted-foreground">
              {tenant.pendingOwnerInvitation.isExpired
                ? "— the link expired; resend the invitation."
                : `— the link works until ${dateTime.format(new Date(tenant.pendingOwnerInvitation.expiresAt))} UTC.`}
            </span>
          </p>
        ) : (
          <p className="text-sm text-muted-foreground">No owner and no invitation waiting.</p>
        )}
      </section>

      <section aria-labelledby="payments" className="space-y-2">
        <div className="flex flex-wrap items-end justify-between gap-2">
          <h2 id="payments" className="text-lg font-semibold">Payments</h2>
          {payments.total > payments.rows.length ? <Button asChild variant="link"><Link href={`/operator/payments?tenantId=${tenantId}`}>All {payments.total} payments</Link></Button> : null}
        </div>
        <PaymentsTable rows={payments.rows} total={payments.total} showTenant={false}
          empty={<div><p className="font-medium text-foreground">No payment recorded yet</p><p className="mt-1 text-sm">Until one is, {tenant.name} has nothing to spend.</p></div>} />
      </section>

      <section aria-labelledby="prices" className="space-y-3">
        <div className="flex flex-wrap items-end justify-between gap-3">
          <div>
            <h2 id="prices" className="text-lg font-semibold">Price list</h2>
            <p className="max-w-2xl text-sm text-muted-foreground">
              What the platform charges {tenant.name} per SMS segment, by destination, in {tenant.currency}. Its owners price the accounts below
              their master; a country not on this list cannot be sent to.
            </p>
          </div>
          {!isClosed && countriesToAdd.length > 0 ? (
            <PriceDialog
              triggerLabel="Add country"
              accountId={tenantId}
              title="Add a country"
              description={`${tenant.name} can send to it at this price per segment.`}
              countryOptions={countriesToAdd}
              defaultPrice=""
              currency={tenant.currency}
              action={setTenantPriceAction}
            />
          ) : null}
        </div>
        {prices.total > 0 ? <PriceSearch basePath={basePath} query={priceQuery} /> : null}
        <PriceListTable
          rows={prices.rows}
          total={prices.total}
          sort={priceQuery.sort}
          accountId={tenantId}
          currency={tenant.currency}
          canEdit={!isClosed}
          actions={{ set: setTenantPriceAction, remove: removeTenantPriceAction }}
          empty={prices.total === 0 ? <p className="font-medium text-foreground">No prices: {tenant.name} cannot send messages yet.</p> : <p>No country matches “{priceQuery.q}”.</p>}
        />
      </section>
    </div>
  );
}
