import Link from "next/link";
import { DateRangeFields } from "@/components/filters/date-range-fields";
import { countSetFilters, filterFormKey } from "@/components/filters/count-set-filters";
import { FilterDisclosure } from "@/components/filters/filter-disclosure";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { MESSAGE_STATUS_LABEL } from "@/components/messages/message-status-badge";
import { MESSAGE_STATUSES, type ListMessagesQuery } from "@/lib/domain/messaging/list-messages-schema";

const selectClass = "h-9 w-full rounded-md border border-input bg-background px-3 text-sm shadow-xs";

/** A plain GET form, as the ledger's: the filters live in the URL, work without JavaScript, and back undoes them. */
export function MessageFilters({ basePath, query, members, isFiltered, scheduledView = false }: {
  basePath: string;
  query: ListMessagesQuery;
  members: { id: number; name: string }[];
  isFiltered: boolean;
  /** the "Scheduled" status: who sends is all that filters scheduled sends */
  scheduledView?: boolean;
}) {
  const setFilters = scheduledView
    ? [query.scope === "account", query.member]
    : [query.scope === "account", query.member, query.status, query.from, query.to, query.recipient, query.sender, query.q, query.campaign, query.reference];
  return (
    <FilterDisclosure count={countSetFilters(setFilters)} openOnPhone={query.from !== undefined && query.to !== undefined && query.from > query.to}>
      <form key={filterFormKey(query)} method="get" action={basePath} className="grid gap-3 rounded-lg border bg-card p-4 sm:grid-cols-2 lg:grid-cols-4" aria-label="Filter messages">
        <div className="space-y-1">
          <Label htmlFor="f-scope">Show</Label>
          <select id="f-scope" name="scope" defaultValue={query.scope} className={selectClass}>
            <option value="subtree">This account and all below it</option>
            <option value="account">This account only</option>
          </select>
        </div>
        <div className="space-y-1">
          <Label htmlFor="f-member">Member</Label>
          <select id="f-member" name="member" defaultValue={query.member ?? ""} className={selectClass} aria-describedby="f-member-hint">
            <option value="">Any member</option>
            {members.map((m) => <option key={m.id} value={m.id}>{m.name} (#{m.id})</option>)}
          </select>
          <p id="f-member-hint" className="sr-only">A member replaces the Show choice: only that member&apos;s own messages are listed.</p>
        </div>
        <div className="space-y-1">
          <Label htmlFor="f-status">Status</Label>
          <select id="f-status" name="status" defaultValue={scheduledView ? "scheduled" : (query.status ?? "")} className={selectClass}>
            <option value="">Any status</option>
            {MESSAGE_STATUSES.map((s) => <option key={s} value={s}>{MESSAGE_STATUS_LABEL[s]}</option>)}
            <option value="scheduled">Scheduled (not sent yet)</option>
          </select>
        </div>
        {scheduledView ? null : <>
        <div className="space-y-1">
          <Label htmlFor="f-sort">Order</Label>
          <select id="f-sort" name="sort" defaultValue={query.sort} className={selectClass}>
            <option value="newest">Newest first</option>
            <option value="oldest">Oldest first</option>
            <option value="price_desc">Most expensive first</option>
            <option value="price_asc">Cheapest first</option>
          </select>
        </div>
        <DateRangeFields from={query.from} to={query.to} />
        <div className="space-y-1">
          <Label htmlFor="f-recipient">Recipient</Label>
          <Input id="f-recipient" name="recipient" inputMode="tel" placeholder="Digits, e.g. 35799" maxLength={20} defaultValue={query.recipient ?? ""} />
        </div>
        <div className="space-y-1">
          <Label htmlFor="f-sender">Sender ID</Label>
          <Input id="f-sender" name="sender" placeholder="Starts with…" maxLength={15} defaultValue={query.sender ?? ""} />
        </div>
        <div className="space-y-1">
          <Label htmlFor="f-campaign">Campaign</Label>
          <Input id="f-campaign" name="campaign" placeholder="Exactly" maxLength={100} defaultValue={query.campaign ?? ""} />
        </div>
        <div className="space-y-1">
          <Label htmlFor="f-reference">Reference</Label>
          <Input id="f-reference" name="reference" placeholder="Exactly" maxLength={100} defaultValue={query.reference ?? ""} />
        </div>
        <div className="space-y-1 sm:col-span-2">
          <Label htmlFor="f-q">Text contains</Label>
          <Input id="f-q" name="q" type="search" placeholder="Words in the message" maxLength={100} defaultValue={query.q ?? ""} />
        </div>
        </>}
        <input type="hidden" name="pageSize" value={query.pageSize} />
        <div className="flex items-end gap-2 sm:col-span-2">
          <Button type="submit">Apply filters</Button>
          {isFiltered ? <Button asChild variant="ghost"><Link href={scheduledView ? `${basePath}?status=scheduled` : basePath}>Clear filters</Link></Button> : null}
        </div>
      </form>
    </FilterDisclosure>
  );
}
