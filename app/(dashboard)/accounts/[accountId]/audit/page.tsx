import { Download } from "lucide-react";
import type { Metadata } from "next";
import { requirePageAccess } from "@/lib/auth/access";
import { AUDIT_PAGE_SIZES, listAuditQuerySchema } from "@/lib/domain/audit/list-audit-schema";
import { listAuditEvents, listAuditFilterOptions } from "@/lib/domain/audit/queries";
import { Button } from "@/components/ui/button";
import { UrlPagination } from "@/components/data-table/url-pagination";
import { AuditFilters } from "./audit-filters";
import { AuditTable } from "./audit-table";

export const metadata: Metadata = { title: "Audit log" };

const FILTER_KEYS = ["action", "member", "actor", "from", "to"] as const;

// Owners and admins: the log holds other people's IP addresses, browsers and the addresses tried at sign-in,
// which a read-only viewer does not need for the balances and messages it watches.
export default async function AuditPage({ params, searchParams }: PageProps<"/accounts/[accountId]/audit">) {
  const accountId = Number((await params).accountId);
  const basePath = `/accounts/${accountId}/audit`;
  const { ctx } = await requirePageAccess(accountId, "admin", basePath);
  const raw = await searchParams;
  const query = listAuditQuerySchema.parse(Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v])));
  const [page, options] = await Promise.all([listAuditEvents(ctx, accountId, query), listAuditFilterOptions(ctx, accountId)]);
  const account = options.accounts.find((a) => a.id === accountId);
  const filters = new URLSearchParams(FILTER_KEYS.flatMap((k) => (typeof raw[k] === "string" && raw[k] ? [[k, raw[k] as string]] : [])));
  const isFiltered = filters.size > 0;

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">Audit log</h1>
          <p className="text-sm text-muted-foreground">
            <span className="font-medium text-foreground tabular-nums" data-testid="audit-total">{page.total.toLocaleString("en-US")}</span>{" "}
            {page.total === 1 ? "event" : "events"} on {account?.name ?? "this account"} and the accounts below it
            {isFiltered ? " that match the filters" : ""}: sign-ins, changes, money moves and refused requests, newest first. Times are UTC.
          </p>
        </div>
        <Button asChild variant="outline">
          <a href={`${basePath}/export${isFiltered ? `?${filters.toString()}` : ""}`} download>
            <Download className="size-4" aria-hidden /> Export CSV
          </a>
        </Button>
      </div>
      <AuditFilters basePath={basePath} query={query} options={options} />
      <AuditTable rows={page.rows} total={page.total} currency={ctx.currency} isFiltered={isFiltered} />
      <UrlPagination page={page.page} pageSize={page.pageSize} total={page.total} pageSizes={AUDIT_PAGE_SIZES} />
    </div>
  );
}
