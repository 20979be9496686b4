import type { Metadata } from "next";
import Link from "next/link";
import { requireOperatorPage } from "@/lib/auth/operator-access";
import { listPaymentsQuerySchema } from "@/lib/domain/platform/list-tenants-schema";
import { listPayments } from "@/lib/domain/platform/queries";
import { Button } from "@/components/ui/button";
import { UrlPagination } from "@/components/data-table/url-pagination";
import { PaymentsTable } from "@/components/operator/payments-table";

export const metadata: Metadata = { title: "Payments" };

export default async function PaymentsPage({ searchParams }: PageProps<"/operator/payments">) {
  await requireOperatorPage("/operator/payments");
  const raw = await searchParams;
  const query = listPaymentsQuerySchema.parse(Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v])));
  const list = await listPayments(query);
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Payments</h1>
        <p className="text-sm text-muted-foreground">
          Money the tenants paid, as the operators recorded it: the only way money enters a tenant. Record one from a tenant&apos;s page.
        </p>
      </div>
      {query.tenantId ? (
        <p className="text-sm">
          One tenant&apos;s payments. <Button asChild variant="link" className="h-auto p-0"><Link href="/operator/payments">Show every tenant&apos;s</Link></Button>
        </p>
      ) : null}
      <PaymentsTable rows={list.rows} total={list.total} showTenant
        empty={<div><p className="font-medium text-foreground">No payments yet</p><p className="mt-1 text-sm">Open a tenant and record what it paid you.</p></div>} />
      <UrlPagination page={list.page} pageSize={list.pageSize} total={list.total} pageSizes={[25, 50, 100]} />
    </div>
  );
}
