"use client";

import { ChevronLeft, ChevronRight } from "lucide-react";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { Button } from "@/components/ui/button";

/**
 * UrlPagination for a log whose count stops at a cap: past it the total reads "10,000+", the page count is
 * unknown, and "next" stays available while pages come back full.
 */
export function MessagesPagination({ page, pageSize, total, totalIsCapped, rowsOnPage, pageSizes }: {
  page: number;
  pageSize: number;
  total: number;
  totalIsCapped: boolean;
  rowsOnPage: number;
  pageSizes: readonly number[];
}) {
  const pathname = usePathname();
  const params = useSearchParams();
  const router = useRouter();
  const hrefWith = (changes: Record<string, string>) => {
    const next = new URLSearchParams(params.toString());
    for (const [k, v] of Object.entries(changes)) next.set(k, v);
    return `${pathname}?${next.toString()}`;
  };
  const pageCount = Math.max(1, Math.ceil(total / pageSize));
  const hasNext = totalIsCapped ? rowsOnPage === pageSize : page < pageCount;
  const first = rowsOnPage === 0 ? 0 : (page - 1) * pageSize + 1;
  const last = (page - 1) * pageSize + rowsOnPage;
  const totalText = `${total.toLocaleString("en-US")}${totalIsCapped ? "+" : ""}`;
  return (
    <div className="flex flex-wrap items-center justify-between gap-3 text-sm">
      <p className="text-muted-foreground" aria-live="polite">
        {total === 0 ? "No results" : rowsOnPage === 0 ? `0 of ${totalText}` : `${first.toLocaleString("en-US")}–${last.toLocaleString("en-US")} of ${totalText}`}
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
        <span className="px-1 text-muted-foreground">{totalIsCapped ? `Page ${page}` : `Page ${Math.min(page, pageCount)} of ${pageCount}`}</span>
        {page > 1 ? (
          <Button asChild variant="outline" size="sm"><Link href={hrefWith({ page: String(page - 1) })} aria-label="Previous page"><ChevronLeft className="size-4" aria-hidden /></Link></Button>
        ) : (
          <Button variant="outline" size="sm" disabled aria-label="Previous page"><ChevronLeft className="size-4" aria-hidden /></Button>
        )}
        {hasNext ? (
          <Button asChild variant="outline" size="sm"><Link href={hrefWith({ page: String(page + 1) })} aria-label="Next page"><ChevronRight className="size-4" aria-hidden /></Link></Button>
        ) : (
          <Button variant="outline" size="sm" disabled aria-label="Next page"><ChevronRight className="size-4" aria-hidden /></Button>
        )}
      </div>
    </div>
  );
}
