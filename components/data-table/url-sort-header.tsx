"use client";

import { ArrowDown, ArrowUp, ArrowUpDown } from "lucide-react";
import Link from "next/link";
import { usePathname, useSearchParams } from "next/navigation";

/** A column header that sorts a server-side table through the URL (`sort=key` / `sort=-key`), back to page 1. */
export function UrlSortHeader({ sortKey, label, sort, firstDescending = false }: { sortKey: string; label: string; sort: string; firstDescending?: boolean }) {
  const pathname = usePathname();
  const params = useSearchParams();
  const active = sort === sortKey || sort === `-${sortKey}`;
  const descending = sort === `-${sortKey}`;
  const next = new URLSearchParams(params.toString());
  next.set("sort", active ? (descending ? sortKey : `-${sortKey}`) : firstDescending ? `-${sortKey}` : sortKey);
  next.delete("page");
  const Icon = !active ? ArrowUpDown : descending ? ArrowDown : ArrowUp;
  return (
    <Link href={`${pathname}?${next.toString()}`} scroll={false} className="inline-flex items-center gap-1 hover:text-foreground"
      aria-label={`Sort by ${label}${active ? (descending ? ", sorted descending" : ", sorted ascending") : ""}`}>
      {label} <Icon className="size-3.5" aria-hidden />
    </Link>
  );
}
