import type { Metadata } from "next";
import Link from "next/link";
import { requireOperatorPage } from "@/lib/auth/operator-access";
import { listTenantsQuerySchema, TENANT_PAGE_SIZES } from "@/lib/domain/platform/list-tenants-schema";
import { listTenants } from "@/lib/domain/platform/queries";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { UrlPagination } from "@/components/data-table/url-pagination";
import { provisionTenantAction } from "../actions";
import { NewTenantDialog } from "./new-tenant-dialog";
import { TenantsTable } from "./tenants-table";

export const metadata: Metadata = { title: "Tenants" };

const selectClass = "h-9 rounded-md border border-input bg-background px-3 text-sm";

export default async function TenantsPage({ searchParams }: PageProps<"/operator/tenants">) {
  await requireOperatorPage("/operator/tenants");
  const raw = await searchParams;
  const query = listTenantsQuerySchema.parse(Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v])));
  const list = await listTenants(query);
  const filtered = query.q !== "" || query.status !== "any";
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">Tenants</h1>
          <p className="text-sm text-muted-foreground">The resellers and companies on this platform: each is a master account and everything below it.</p>
        </div>
        <NewTenantDialog action={provisionTenantAction} defaultOpen={raw.new === "1"} />
      </div>
      <form method="get" action="/operator/tenants" role="search" aria-label="Filter tenants" className="flex flex-wrap items-end gap-3">
        <div className="grid gap-1">
          <Label htmlFor="t-q">Search</Label>
          <Input id="t-q" name="q" type="search" placeholder="Name, owner e-mail or id" defaultValue={query.q} className="w-64" />
        </div>
        <div className="grid gap-1">
          <Label htmlFor="t-status">Status</Label>
          <select id="t-status" name="status" defaultValue={query.status} className={selectClass}>
            <option value="any">Any</option>
            <option value="active">Active</option>
            <option value="suspended">Suspended</option>
            <option value="closed">Closed</option>
          </select>
        </div>
        <input type="hidden" name="sort" value={query.sort} />
        <input type="hidden" name="pageSize" value={query.pageSize} />
        <Button type="submit" variant="secondary">Apply</Button>
        {filtered ? <Button asChild variant="ghost"><Link href="/operator/tenants">Clear</Link></Button> : null}
      </form>
      <TenantsTable
        rows={list.rows}
        total={list.total}
        sort={query.sort}
        empty={
          filtered ? (
            <div><p className="font-medium text-foreground">No tenant matches these filters</p><Button asChild variant="link"><Link href="/operator/tenants">Show every tenant</Link></Button></div>
          ) : (
            <div><p className="font-medium text-foreground">No tenants yet</p><p className="mt-1 text-sm">Create the first one: its owner gets an e-mail to join.</p></div>
          )
        }
      />
      <UrlPagination page={list.page} pageSize={list.pageSize} total={list.total} pageSizes={TENANT_PAGE_SIZES} />
    </div>
  );
}
