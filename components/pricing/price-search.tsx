import Link from "next/link";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import type { ListPricesQuery } from "@/lib/domain/pricing/list-prices-schema";

/** A plain GET form: the search lives in the URL, works without JavaScript, and the back button undoes it. */
export function PriceSearch({ basePath, query }: { basePath: string; query: ListPricesQuery }) {
  return (
    <form method="get" action={basePath} role="search" aria-label="Search countries" className="flex flex-wrap items-end gap-2">
      <div className="grid gap-1">
        <Label htmlFor="price-q">Search</Label>
        <Input id="price-q" name="q" type="search" placeholder="Country name or code" defaultValue={query.q} className="w-64" />
      </div>
      {query.sort !== "name" ? <input type="hidden" name="sort" value={query.sort} /> : null}
      <Button type="submit" variant="secondary">Search</Button>
      {query.q ? <Button asChild variant="ghost"><Link href={query.sort === "name" ? basePath : `${basePath}?sort=${query.sort}`}>Clear</Link></Button> : null}
    </form>
  );
}
