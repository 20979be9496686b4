import Link from "next/link";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import type { ListPricesQuery } from "@/lib/domain/pricing/list-prices-schema";

/** A plain GET form: the search lives in the URL, works without JavaScript, and the back button undoes it. */
export function PriceSearch({ basePath, query, hidden = {} }: { basePath: string; query: ListPricesQuery; hidden?: Record<string, string> }) {
  return (
    <form method="get" action={basePath} role="search" aria-label="Search countries" className="flex flex-wrap items-end gap-2">
      <div className="grid gap-1">
        <Label htmlFor="price-q">Search</Label>
        <Input id="price-q" name="q" type="search" placeholder="Country name or code" defaultValue={query.q} className="w-64" />
      </div>
      {query.sort !== "name" ? <input type="hidden" name="sort" value={query.sort} /> : null}
      {Object.entries(hidden).map(([name, value]) => <input key={name} type="hidden" name={name} value={value} />)}
      <Button type="submit" variant="secondary">Search</Button>
      {query.q ? <Button asChild variant="ghost"><Link href={clearHref(basePath, query, hidden)}>Clear</Link></Button> : null}
    </form>
  );
}

function clearHref(basePath: string, query: ListPricesQuery, hidden: Record<string, string>) {
  const params = new URLSearchParams(hidden);
  if (query.sort !== "name") params.set("sort", query.sort);
  const qs = params.toString();
  return qs ? `${basePath}?${qs}` : basePath;
}
