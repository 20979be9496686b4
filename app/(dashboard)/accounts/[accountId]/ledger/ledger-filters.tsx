import Link from "next/link";
import { DateRangeFields } from "@/components/filters/date-range-fields";
import { countSetFilters, filterFormKey } from "@/components/filters/count-set-filters";
import { FilterDisclosure } from "@/components/filters/filter-disclosure";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { TRANSFER_KIND_LABELS, TRANSFER_KINDS, type ListTransfersQuery } from "@/lib/domain/ledger/list-transfers-schema";
import { microToDecimalString } from "@/lib/money";

const selectClass = "h-9 w-full rounded-md border border-input bg-background px-3 text-sm shadow-xs";

/** A plain GET form: the filters live in the URL, work without JavaScript, and the back button undoes them. */
export function LedgerFilters({ basePath, query, members }: { basePath: string; query: ListTransfersQuery; members: { id: number; name: string }[] }) {
  return (
    <FilterDisclosure count={countSetFilters([query.scope === "subtree", query.kind, query.member, query.from, query.to, query.min, query.max])} openOnPhone={query.from !== undefined && query.to !== undefined && query.from > query.to}>
      <form key={filterFormKey(query)} method="get" action={basePath} className="grid gap-3 rounded-lg border bg-card p-4 sm:grid-cols-2 lg:grid-cols-4" aria-label="Filter transfers">
        <div className="space-y-1">
          <Label htmlFor="f-scope">Show</Label>
          <select id="f-scope" name="scope" defaultValue={query.scope} className={selectClass}>
            <option value="account">This account</option>
            <option value="subtree">This account and all below it</option>
          </select>
        </div>
        <div className="space-y-1">
          <Label htmlFor="f-kind">Kind</Label>
          <select id="f-kind" name="kind" defaultValue={query.kind ?? ""} className={selectClass}>
            <option value="">All kinds</option>
            {TRANSFER_KINDS.map((k) => <option key={k} value={k}>{TRANSFER_KIND_LABELS[k]}</option>)}
          </select>
        </div>
        <div className="space-y-1">
          <Label htmlFor="f-member">Member</Label>
          <select id="f-member" name="member" defaultValue={query.member ?? ""} className={selectClass}>
            <option value="">Any member</option>
            {members.map((m) => <option key={m.id} value={m.id}>{m.name} (#{m.id})</option>)}
          </select>
        </div>
        <div className="space-y-1">
          <Label htmlFor="f-sort">Order</Label>
          <select id="f-sort" name="sort" defaultValue={query.sort} className={selectClass}>
            <option value="newest">Newest first</option>
            <option value="oldest">Oldest first</option>
          </select>
        </div>
        <DateRangeFields from={query.from} to={query.to} />
        <div className="space-y-1">
          <Label htmlFor="f-min">Min amount</Label>
          <Input id="f-min" name="min" inputMode="decimal" placeholder="0.00" defaultValue={query.min !== undefined ? microToDecimalString(query.min) : ""} />
        </div>
        <div className="space-y-1">
          <Label htmlFor="f-max">Max amount</Label>
          <Input id="f-max" name="max" inputMode="decimal" placeholder="any" defaultValue={query.max !== undefined ? microToDecimalString(query.max) : ""} />
        </div>
        <input type="hidden" name="pageSize" value={query.pageSize} />
        <div className="flex gap-2 sm:col-span-2 lg:col-span-4">
          <Button type="submit">Apply filters</Button>
          <Button asChild variant="ghost"><Link href={basePath}>Clear</Link></Button>
        </div>
      </form>
    </FilterDisclosure>
  );
}
