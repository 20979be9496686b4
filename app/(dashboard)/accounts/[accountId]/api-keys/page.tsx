import type { Metadata } from "next";
import Link from "next/link";
import { requirePageAccess } from "@/lib/auth/access";
import { roleAllows } from "@/lib/domain/context";
import { listApiKeys } from "@/lib/domain/api-keys/list-api-keys";
import { API_KEY_PAGE_SIZES, API_KEY_STATUSES, listApiKeysQuerySchema } from "@/lib/domain/api-keys/schemas";
import { cn } from "@/lib/utils";
import { UrlPagination } from "@/components/data-table/url-pagination";
import { createApiKeyAction, revokeApiKeyAction, rotateApiKeyAction } from "./actions";
import { ApiKeysTable } from "./api-keys-table";
import { CreateApiKeyDialog } from "./create-api-key-dialog";

export const metadata: Metadata = { title: "API keys" };

const FILTERS = [{ value: undefined, label: "All" }, ...API_KEY_STATUSES.map((s) => ({ value: s, label: s[0].toUpperCase() + s.slice(1) }))];

export default async function ApiKeysPage({ params, searchParams }: PageProps<"/accounts/[accountId]/api-keys">) {
  const accountId = Number((await params).accountId);
  const basePath = `/accounts/${accountId}/api-keys`;
  const { ctx } = await requirePageAccess(accountId, "viewer", basePath);
  const raw = await searchParams;
  const query = listApiKeysQuerySchema.parse(Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v])));
  const list = await listApiKeys(ctx, accountId, query);
  const { account, scope } = list;
  // the buttons are for the eye; the actions check the role and the account again
  const canManage = roleAllows(ctx.role, "admin");
  const canCreate = canManage && account.status !== "closed";
  const isEmpty = list.total === 0 && query.status === undefined;
  const createButton = canCreate ? <CreateApiKeyDialog accountId={accountId} accountName={account.name} action={createApiKeyAction} /> : null;
  const filterHref = (status: string | undefined) => {
    const next = new URLSearchParams({ pageSize: String(query.pageSize) });
    if (status) next.set("status", status);
    return `${basePath}?${next.toString()}`;
  };
  const below = scope.accountsBelow === 1 ? "the account below it" : `the ${scope.accountsBelow.toLocaleString("en-US")} accounts below it`;

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">API keys</h1>
          <p className="max-w-2xl text-sm text-muted-foreground">
            Programs call the API with these keys. A key acts for {account.name}
            {scope.accountsBelow > 0 ? ` and ${below}` : account.isPartner ? " and any account later created below it" : ""}, with full rights.
            Only a hash of each key is kept: the key itself is shown once, when it is created or rotated. Times are in UTC.
          </p>
        </div>
        {isEmpty ? null : createButton}
      </div>
      {account.status === "closed" ? (
        <p className="text-sm text-muted-foreground">{account.name} is closed: its keys were revoked with it and it cannot have new ones.</p>
      ) : account.status === "suspended" ? (
        <p className="text-sm text-muted-foreground">{account.name} is suspended: its keys are refused until it is active again.</p>
      ) : null}
      {isEmpty ? null : (
        <nav aria-label="Filter by status" className="flex flex-wrap gap-1">
          {FILTERS.map((f) => {
            const active = query.status === f.value;
            return (
              <Link key={f.label} href={filterHref(f.value)} aria-current={active ? "page" : undefined}
                className={cn("rounded-md px-3 py-1.5 text-sm font-medium", active ? "bg-accent text-accent-foreground" : "text-muted-foreground hover:bg-accent/60 hover:text-foreground")}>
                {f.label}
              </Link>
            );
          })}
        </nav>
      )}
      <ApiKeysTable
        accountId={accountId}
        rows={list.rows}
        total={list.total}
        accountsBelow={scope.accountsBelow}
        canManage={canManage}
        actions={{ rotate: rotateApiKeyAction, revoke: revokeApiKeyAction }}
        empty={
          isEmpty ? (
            <div className="flex flex-col items-center gap-3">
              <p className="font-medium text-foreground">No API keys yet</p>
              <p className="max-w-md">
                {canCreate
                  ? `Create a key to send messages, manage members and move money through the API as ${account.name}.`
                  : `Keys created for ${account.name} appear here.`}
              </p>
              {createButton}
            </div>
          ) : (
            <span>No {query.status} keys.</span>
          )
        }
      />
      {list.total > query.pageSize || query.page > 1 ? (
        <UrlPagination page={list.page} pageSize={list.pageSize} total={list.total} pageSizes={API_KEY_PAGE_SIZES} />
      ) : null}
    </div>
  );
}
