"use client";

import { ArrowDown, ArrowUp, ArrowUpDown } from "lucide-react";
import Link from "next/link";
import { usePathname, useSearchParams } from "next/navigation";
import type { PriceSort } from "@/lib/domain/pricing/list-prices-schema";

/** A column header that sorts through the URL: ascending first, then descending. */
export function SortHeader({ sortKey, label, sort }: { sortKey: "name" | "price" | "updated"; label: string; sort: PriceSort }) {
  const pathname = usePathname();
  const params = useSearchParams();
  const active = sort === sortKey || sort === `-${sortKey}`;
  const descending = sort === `-${sortKey}`;
  const next = new URLSearchParams(params.toString());
  next.set("sort", active && !descending ? `-${sortKey}` : sortKey);
  const Icon = !active ? ArrowUpDown : descending ? ArrowDown : ArrowUp;
  return (
    <Link href={`${pathname}?${next.toString()}`} scroll={false} className="inline-flex items-center gap-1 hover:text-foreground"
      aria-label={`Sort by ${label}${active ? (descending ? ", sorted descending" : ", sorted ascending") : ""}`}>
      {label} <Icon className="size-3.5" aria-hidden />
    </Link>
  );
}
