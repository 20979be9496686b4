"use client";

import { ChevronLeft, ChevronRight } from "lucide-react";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { Button } from "@/components/ui/button";

/** Pages through a server-side list by rewriting `page` and `pageSize` in the URL. */
export function UrlPagination({ page, pageSize, total, pageSizes }: { page: number; pageSize: number; total: number; pageSizes: readonly number[] }) {
  const pathname = usePathname();
  const params = useSearchParams();
  const router = useRouter();
  const pageCount = Math.max(1, Math.ceil(total / pageSize));
  const hrefWith = (changes: Record<string, string>) => {
    const next = new URLSearchParams(params.toString());
    for (const [k, v] of Object.entries(changes)) next.set(k, v);
    return `${pathname}?${next.toString()}`;
  };
  const first = total === 0 ? 0 : (page - 1) * pageSize + 1;
  const last = Math.min(total, page * pageSize);
  return (
    <div className="flex flex-wrap items-center justify-between gap-3 text-sm">
      <p className="text-muted-foreground" aria-live="polite">
        {total === 0 ? "No results" : `${first.toLocaleString("en-US")}–${last.toLocaleString("en-US")} of ${total.toLocaleString("en-US")}`}
      </p>
      <div className="flex items-center gap-2">
        <label className="flex items-center gap-2 text-muted-foreground">
          Rows per page
          <select
            className="h-8 rounded-md border border-input bg-background px-2 text-foreground"
            value={pageSize}
            onChange={(e) => router.push(hrefWith({ pageSize: e.target.value, page: "1" }))}
          >
            {pageSizes.map((n) => <option key={n} value={n}>{n}</option>)}
          </select>
        </label>
        <span className="px-1 text-muted-foreground">Page {Math.min(page, pageCount)} of {pageCount}</span>
        {page > 1 ? (
          <Button asChild variant="outline" size="sm"><Link href={hrefWith({ page: String(page - 1) })} aria-label="Previous page"><ChevronLeft className="size-4" aria-hidden /></Link></Button>
        ) : (
          <Button variant="outline" size="sm" disabled aria-label="Previous page"><ChevronLeft className="size-4" aria-hidden /></Button>
        )}
        {page < pageCount ? (
          <Button asChild variant="outline" size="sm"><Link href={hrefWith({ page: String(page + 1) })} aria-label="Next page"><ChevronRight className="size-4" aria-hidden /></Link></Button>
        ) : (
          <Button variant="outline" size="sm" disabled aria-label="Next page"><ChevronRight className="size-4" aria-hidden /></Button>
        )}
      </div>
    </div>
  );
}
