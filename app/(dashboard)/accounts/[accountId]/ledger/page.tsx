import { Download } from "lucide-react";
import type { Metadata } from "next";
import { requirePageAccess } from "@/lib/auth/access";
import { getAccountOverview } from "@/lib/domain/accounts/queries";
import { listTransfersQuerySchema, PAGE_SIZES } from "@/lib/domain/ledger/list-transfers-schema";
import { listMemberOptions, listTransfers } from "@/lib/domain/ledger/queries";
import { Button } from "@/components/ui/button";
import { Money } from "@/components/ui/money";
import { UrlPagination } from "@/components/data-table/url-pagination";
import { LedgerFilters } from "./ledger-filters";
import { LedgerTable } from "./ledger-table";

export const metadata: Metadata = { title: "Ledger" };

export default async function LedgerPage({ params, searchParams }: PageProps<"/accounts/[accountId]/ledger">) {
  const accountId = Number((await params).accountId);
  const basePath = `/accounts/${accountId}/ledger`;
  const { ctx } = await requirePageAccess(accountId, "viewer", basePath);
  const raw = await searchParams;
  const query = listTransfersQuerySchema.parse(Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v])));
  const [account, page, members] = await Promise.all([
    getAccountOverview(ctx, accountId),
    listTransfers(ctx, accountId, query),
    listMemberOptions(ctx, accountId),
  ]);
  const exportParams = new URLSearchParams(Object.entries(raw).flatMap(([k, v]) => (typeof v === "string" && !["page", "pageSize"].includes(k) ? [[k, v]] : [])));

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">Ledger</h1>
          <p className="text-sm text-muted-foreground">
            Every balance change of {account.name}: balance now <Money micro={account.balance} currency={account.currency} className="font-medium text-foreground" />.
          </p>
        </div>
        <Button asChild variant="outline">
          <a href={`${basePath}/export?${exportParams.toString()}`} download>
            <Download className="size-4" aria-hidden /> Export CSV
          </a>
        </Button>
      </div>
      <LedgerFilters basePath={basePath} query={query} members={members} />
      <LedgerTable rows={page.rows} total={page.total} currency={account.currency} subtree={query.scope === "subtree"} />
      <UrlPagination page={page.page} pageSize={page.pageSize} total={page.total} pageSizes={PAGE_SIZES} />
    </div>
  );
}
