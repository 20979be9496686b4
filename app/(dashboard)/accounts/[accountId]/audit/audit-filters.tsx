import Link from "next/link";
import { DateRangeFields } from "@/components/filters/date-range-fields";
import { countSetFilters, filterFormKey } from "@/components/filters/count-set-filters";
import { FilterDisclosure } from "@/components/filters/filter-disclosure";
import { Button } from "@/components/ui/button";
import { Label } from "@/components/ui/label";
import { AUDIT_ACTIONS } from "@/lib/domain/audit/actions";
import { actorFilterValue, type ListAuditQuery } from "@/lib/domain/audit/list-audit-schema";

const selectClass = "h-9 w-full rounded-md border border-input bg-background px-3 text-sm shadow-xs";

type Options = {
  accounts: { id: number; name: string }[];
  users: { id: number; name: string; email: string }[];
  keys: { id: number; name: string }[];
};

/** A plain GET form: the filters live in the URL, work without JavaScript, and the back button undoes them. */
export function AuditFilters({ basePath, query, options }: { basePath: string; query: ListAuditQuery; options: Options }) {
  return (
    <FilterDisclosure count={countSetFilters([query.action, query.member, query.actor !== undefined, query.from, query.to])} openOnPhone={query.from !== undefined && query.to !== undefined && query.from > query.to}>
      <form key={filterFormKey(query)} method="get" action={basePath} className="grid gap-3 rounded-lg border bg-card p-4 sm:grid-cols-2 lg:grid-cols-5" aria-label="Filter audit events">
        <div className="space-y-1">
          <Label htmlFor="f-action">Action</Label>
          <select id="f-action" name="action" defaultValue={query.action ?? ""} className={selectClass}>
            <option value="">All actions</option>
            {Object.entries(AUDIT_ACTIONS).map(([value, label]) => <option key={value} value={value}>{label}</option>)}
          </select>
        </div>
        <div className="space-y-1">
          <Label htmlFor="f-member">Account</Label>
          <select id="f-member" name="member" defaultValue={query.member ?? ""} className={selectClass}>
            <option value="">All accounts</option>
            {options.accounts.map((a) => <option key={a.id} value={a.id}>{a.name} (#{a.id})</option>)}
          </select>
        </div>
        <div className="space-y-1">
          <Label htmlFor="f-actor">Done by</Label>
          <select id="f-actor" name="actor" defaultValue={query.actor ? actorFilterValue(query.actor) : ""} className={selectClass}>
            <option value="">Anyone</option>
            {options.users.length > 0 ? (
              <optgroup label="People">
                {options.users.map((u) => <option key={`u${u.id}`} value={`user:${u.id}`}>{u.name} ({u.email})</option>)}
              </optgroup>
            ) : null}
            {options.keys.length > 0 ? (
              <optgroup label="API keys">
                {options.keys.map((k) => <option key={`k${k.id}`} value={`key:${k.id}`}>{k.name}</option>)}
              </optgroup>
            ) : null}
          </select>
        </div>
        <DateRangeFields from={query.from} to={query.to} />
        <input type="hidden" name="pageSize" value={query.pageSize} />
        <div className="flex gap-2 sm:col-span-2 lg:col-span-5">
          <Button type="submit">Apply filters</Button>
          <Button asChild variant="ghost"><Link href={basePath}>Clear</Link></Button>
        </div>
      </form>
    </FilterDisclosure>
  );
}
