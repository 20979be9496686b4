import type { Metadata } from "next";
import Link from "next/link";
import { requirePageAccess } from "@/lib/auth/access";
import { getAccountOverview, listBreadcrumbs } from "@/lib/domain/accounts/queries";
import { roleAllows } from "@/lib/domain/context";
import { INVITATION_PAGE_SIZES, INVITATION_STATUSES, listInvitationsQuerySchema } from "@/lib/domain/members/invitation-schemas";
import { listInvitations } from "@/lib/domain/members/invitation-queries";
import { cn } from "@/lib/utils";
import { UrlPagination } from "@/components/data-table/url-pagination";
import { InviteMemberDialog } from "@/components/team/invite-member-dialog";
import { TeamTabs } from "@/components/team/team-tabs";
import { inviteMemberAction } from "./actions";
import { InvitationsTable } from "./invitations-table";

export const metadata: Metadata = { title: "Invitations" };

const FILTERS = [{ value: undefined, label: "All" }, ...INVITATION_STATUSES.map((s) => ({ value: s, label: s[0].toUpperCase() + s.slice(1) }))];

export default async function InvitationsPage({ params, searchParams }: PageProps<"/accounts/[accountId]/team/invitations">) {
  const accountId = Number((await params).accountId);
  const basePath = `/accounts/${accountId}/team/invitations`;
  const { ctx } = await requirePageAccess(accountId, "viewer", basePath);
  const raw = await searchParams;
  const query = listInvitationsQuerySchema.parse(Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v])));
  const [account, page, ancestors] = await Promise.all([
    getAccountOverview(ctx, accountId),
    listInvitations(ctx, accountId, query),
    listBreadcrumbs(ctx, accountId),
  ]);
  // the buttons are for the eye; the actions check the role and the account again
  const canManage = roleAllows(ctx.role, "admin");
  const canInvite = canManage && account.isPartner && account.status === "active";
  // a member invited here may be invoiced by this account or one above it that the viewer can see
  const invoicingOptions = ancestors.map((a) => ({ id: a.id, name: a.name }));
  const isEmpty = page.total === 0 && query.status === undefined;
  const inviteButton = canInvite ? <InviteMemberDialog accountId={accountId} invoicingOptions={invoicingOptions} action={inviteMemberAction} /> : null;
  const filterHref = (status: string | undefined) => {
    const next = new URLSearchParams({ pageSize: String(query.pageSize) });
    if (status) next.set("status", status);
    return `${basePath}?${next.toString()}`;
  };

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">Team</h1>
          <p className="text-sm text-muted-foreground">People invited by e-mail to become members of {account.name}.</p>
        </div>
        {isEmpty ? null : inviteButton}
      </div>
      <TeamTabs accountId={accountId} />
      {canManage && !canInvite ? (
        <p className="text-sm text-muted-foreground">
          {account.status !== "active" ? `${account.name} is ${account.status}: it cannot invite members.` : `${account.name} is not a partner account: only partners can have members.`}
        </p>
      ) : null}
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
      <InvitationsTable
        accountId={accountId}
        rows={page.rows}
        total={page.total}
        canManage={canManage}
        empty={
          isEmpty ? (
            <div className="flex flex-col items-center gap-3">
              <p className="font-medium text-foreground">No invitations yet</p>
              <p>{canInvite ? "Invite someone by e-mail: they choose their own password." : "Invitations sent from this account appear here."}</p>
              {inviteButton}
            </div>
          ) : (
            <span>No {query.status} invitations.</span>
          )
        }
      />
      <UrlPagination page={page.page} pageSize={page.pageSize} total={page.total} pageSizes={INVITATION_PAGE_SIZES} />
    </div>
  );
}
