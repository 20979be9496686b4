"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { DateRangeFields } from "@/components/filters/date-range-fields";
import { Button } from "@/components/ui/button";
import { Label } from "@/components/ui/label";
import type { RangePreset } from "@/lib/domain/stats/stats-query-schema";
import { cn } from "@/lib/utils";

const PRESETS: { range: Exclude<RangePreset, "custom">; label: string }[] = [
  { range: "today", label: "Today" },
  { range: "7d", label: "7 days" },
  { range: "30d", label: "30 days" },
  { range: "this_month", label: "This month" },
  { range: "last_month", label: "Last month" },
];

const selectClass = "h-9 w-full rounded-md border border-input bg-background px-3 text-sm shadow-xs";

/**
 * The view's range and member. Everything lives in the URL: the presets are links, the custom range and the
 * member are GET forms (they work without JavaScript; with it, the member list navigates on change).
 */
export function StatisticsFilters({ basePath, range, from, to, asked, correction, member, members, accountName, presetHrefs }: {
  basePath: string;
  range: RangePreset;
  /** the resolved range, shown in the custom inputs */
  from: string;
  to: string;
  /** the custom range as the URL asked for it, and what showing it changed */
  asked: { from?: string; to?: string };
  correction: { inverted: string | null; cut: string | null };
  member: number | undefined;
  members: { id: number; name: string }[];
  accountName: string;
  /** per preset, the URL keeping the member */
  presetHrefs: Record<Exclude<RangePreset, "custom">, string>;
}) {
  const router = useRouter();
  const rangeFields = (
    <>
      <input type="hidden" name="range" value={range} />
      {range === "custom" ? (
        <>
          <input type="hidden" name="from" value={from} />
          <input type="hidden" name="to" value={to} />
        </>
      ) : null}
    </>
  );
  return (
    <div className="flex flex-wrap items-end gap-x-6 gap-y-3 rounded-lg border bg-card p-4">
      <nav aria-label="Date range" className="space-y-1">
        <span className="block text-sm font-medium">Range</span>
        <div className="inline-flex flex-wrap rounded-md border bg-background p-0.5">
          {PRESETS.map((p) => (
            <Link
              key={p.range}
              href={presetHrefs[p.range]}
              aria-current={range === p.range ? "page" : undefined}
              className={cn(
                "rounded px-3 py-1.5 text-sm font-medium text-muted-foreground hover:bg-accent hover:text-accent-foreground",
                range === p.range && "bg-primary text-primary-foreground hover:bg-primary hover:text-primary-foreground",
              )}
            >
              {p.label}
            </Link>
          ))}
        </div>
      </nav>

      {/* keyed by the range: a client-side navigation keeps this component, and the inputs must show the new days */}
      <form key={`${from}:${to}`} method="get" action={basePath} aria-label="Custom range" className="flex flex-wrap items-end gap-2">
        <input type="hidden" name="range" value="custom" />
        {member ? <input type="hidden" name="member" value={member} /> : null}
        <DateRangeFields idPrefix="s" fromLabel="From (UTC)" toLabel="To (UTC)" required inputClassName="w-40" messageClassName="order-last"
          from={correction.inverted ? asked.from : from} to={correction.inverted ? asked.to : to}
          invertedMessage={correction.inverted ?? undefined} cutMessage={correction.cut} />
        <Button type="submit" variant={range === "custom" ? "default" : "outline"}>Apply range</Button>
      </form>

      <form method="get" action={basePath} aria-label="Choose a member" className="min-w-[14rem] flex-1 space-y-1 sm:max-w-xs"
        onSubmit={(e) => e.preventDefault()}>
        {rangeFields}
        <Label htmlFor="s-member">Member</Label>
        <div className="flex gap-2">
          <select
            key={member ?? "all"}
            id="s-member"
            name="member"
            defaultValue={member ?? ""}
            className={selectClass}
            onChange={(e) => {
              // the same order as the server writes (statistics-url.ts), so equal views have equal URLs
              const params = new URLSearchParams();
              if (range !== "30d") params.set("range", range);
              if (range === "custom") {
                params.set("from", from);
                params.set("to", to);
              }
              if (e.target.value) params.set("member", e.target.value);
              router.push(`${basePath}${params.size ? `?${params.toString()}` : ""}`);
            }}
          >
            <option value="">Whole tree ({accountName} and below)</option>
            {members.map((m) => <option key={m.id} value={m.id}>{m.name}</option>)}
          </select>
          <noscript><Button type="submit" variant="outline">Show</Button></noscript>
        </div>
      </form>
    </div>
  );
}
