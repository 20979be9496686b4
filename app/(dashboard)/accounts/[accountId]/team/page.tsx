import type { Metadata } from "next";
import Link from "next/link";
import { requirePageAccess } from "@/lib/auth/access";
import { roleAllows } from "@/lib/domain/context";
import { listMembersQuerySchema, MEMBER_PAGE_SIZES } from "@/lib/domain/members/list-members-schema";
import { listInvoicingOptions, listMembers } from "@/lib/domain/members/queries";
import { countSetFilters, filterFormKey } from "@/components/filters/count-set-filters";
import { FilterDisclosure } from "@/components/filters/filter-disclosure";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { UrlPagination } from "@/components/data-table/url-pagination";
import { CreateMemberDialog } from "@/components/team/create-member-dialog";
import { InviteMemberDialog } from "@/components/team/invite-member-dialog";
import { MembersTable } from "@/components/team/members-table";
import { TeamTabs } from "@/components/team/team-tabs";
import { creditMemberAction, debitMemberAction } from "../actions";
import { activateMemberAction, createMemberAction, deleteMemberAction, editMemberAction, suspendMemberAction } from "./actions";
import { inviteMemberAction } from "./invitations/actions";

export const metadata: Metadata = { title: "Team" };

const selectClass = "h-9 rounded-md border border-input bg-background px-3 text-sm shadow-xs";

export default async function TeamPage({ params, searchParams }: PageProps<"/accounts/[accountId]/team">) {
  const accountId = Number((await params).accountId);
  const basePath = `/accounts/${accountId}/team`;
  const { ctx } = await requirePageAccess(accountId, "viewer", basePath);
  const raw = await searchParams;
  const query = listMembersQuerySchema.parse(Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v])));
  const [list, invoicingOptions] = await Promise.all([listMembers(ctx, accountId, query), listInvoicingOptions(ctx, accountId)]);
  const canManage = roleAllows(ctx.role, "admin");
  const canMoveMoney = roleAllows(ctx.role, "owner");
  const filtered = query.q !== "" || query.status !== "open" || query.payment !== "any";
  const parent = { id: list.parent.id, name: list.parent.name, balance: list.parent.balance, prepaid: list.parent.paymentModel === "prepaid" };

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">Team</h1>
          <p className="text-sm text-muted-foreground">The members directly under {list.parent.name}.</p>
        </div>
        {canManage && !list.parent.cannotAddReason ? (
          <div className="flex flex-wrap gap-2">
            <InviteMemberDialog accountId={accountId} invoicingOptions={invoicingOptions} action={inviteMemberAction} />
            <CreateMemberDialog parentId={accountId} parentName={list.parent.name} invoicingOptions={invoicingOptions} action={createMemberAction} />
          </div>
        ) : null}
      </div>
      <TeamTabs accountId={accountId} />

      {list.parent.cannotAddReason && list.total === 0 && !filtered ? (
        <div className="rounded-lg border bg-card p-10 text-center">
          <p className="font-medium">No members</p>
          <p className="mt-1 text-sm text-muted-foreground">{list.parent.cannotAddReason}</p>
        </div>
      ) : (
        <>
          <FilterDisclosure count={countSetFilters([query.q, query.status !== "open", query.payment !== "any"])}>
            <form key={filterFormKey(query)} method="get" action={basePath} className="flex flex-wrap items-end gap-3" aria-label="Filter members">
              <div className="grid gap-1">
                <Label htmlFor="m-q">Search</Label>
                <Input id="m-q" name="q" type="search" placeholder="Name, e-mail or id" defaultValue={query.q} className="w-64" />
              </div>
              <div className="grid gap-1">
                <Label htmlFor="m-status">Status</Label>
                <select id="m-status" name="status" defaultValue={query.status} className={selectClass}>
                  <option value="open">Active and suspended</option>
                  <option value="active">Active</option>
                  <option value="suspended">Suspended</option>
                  <option value="closed">Closed</option>
                </select>
              </div>
              <div className="grid gap-1">
                <Label htmlFor="m-payment">Payment model</Label>
                <select id="m-payment" name="payment" defaultValue={query.payment} className={selectClass}>
                  <option value="any">Any</option>
                  <option value="prepaid">Prepaid</option>
                  <option value="postpaid">Postpaid</option>
                </select>
              </div>
              <input type="hidden" name="sort" value={query.sort} />
              <input type="hidden" name="pageSize" value={query.pageSize} />
              <Button type="submit" variant="secondary">Apply</Button>
              {filtered ? <Button asChild variant="ghost"><Link href={basePath}>Clear</Link></Button> : null}
            </form>
          </FilterDisclosure>

          {list.total === 0 ? (
            <div className="rounded-lg border bg-card p-10 text-center">
              {filtered ? (
                <>
                  <p className="font-medium">No member matches these filters</p>
                  <Button asChild variant="link"><Link href={basePath}>Show all members</Link></Button>
                </>
              ) : (
                <>
                  <p className="font-medium">No members yet</p>
                  <p className="mx-auto mt-1 max-w-md text-sm text-muted-foreground">
                    Create a member to get its sign-in and API key at once, or invite someone by e-mail to set up their own.
                  </p>
                  {canManage ? (
                    <div className="mt-4 flex justify-center gap-2">
                      <CreateMemberDialog parentId={accountId} parentName={list.parent.name} invoicingOptions={invoicingOptions} action={createMemberAction} />
                      <InviteMemberDialog accountId={accountId} invoicingOptions={invoicingOptions} action={inviteMemberAction} />
                    </div>
                  ) : null}
                </>
              )}
            </div>
          ) : (
            <>
              <MembersTable
                rows={list.rows}
                expanded={list.expanded}
                sort={query.sort}
                currency={list.parent.currency}
                parent={parent}
                canManage={canManage}
                canMoveMoney={canMoveMoney}
                invoicingOptions={invoicingOptions}
                actions={{
                  credit: creditMemberAction,
                  debit: debitMemberAction,
                  edit: editMemberAction,
                  suspend: suspendMemberAction,
                  activate: activateMemberAction,
                  remove: deleteMemberAction,
                }}
              />
              <UrlPagination page={list.page} pageSize={list.pageSize} total={list.total} pageSizes={MEMBER_PAGE_SIZES} />
            </>
          )}
        </>
      )}
    </div>
  );
}
