"use client";

import { BookOpenText, ChartColumn, FileCode, KeyRound, LayoutDashboard, MessageSquare, ScrollText, Tags, UserCog, Users } from "lucide-react";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useEffect, useRef } from "react";
import { cn } from "@/lib/utils";

const SECTIONS = [
  { segment: "", label: "Overview", icon: LayoutDashboard },
  // the master and partners have members; a leaf cannot, so it has no Team section
  { segment: "team", label: "Team", icon: Users, needsMembers: true },
  { segment: "messages", label: "Messages", icon: MessageSquare },
  { segment: "statistics", label: "Statistics", icon: ChartColumn },
  { segment: "ledger", label: "Ledger", icon: BookOpenText },
  { segment: "pricing", label: "Pricing", icon: Tags },
  { segment: "users", label: "Users", icon: UserCog },
  { segment: "api-keys", label: "API keys", icon: KeyRound },
  { segment: "api-reference", label: "API reference", icon: FileCode },
  // owners and admins only (the page says why); hidden from viewers rather than shown and refused
  { segment: "audit", label: "Audit log", icon: ScrollText, isStaffOnly: true },
] as const;

export function DashboardNav({ accountId, role, hasMembers = true }: { accountId: number; role?: "owner" | "admin" | "viewer"; hasMembers?: boolean }) {
  const pathname = usePathname();
  const navRef = useRef<HTMLElement>(null);
  // on a phone the sections are one row that scrolls sideways: bring the current one into the middle of it
  // (the nav's own scroll only; scrollIntoView would move the page too)
  useEffect(() => {
    const nav = navRef.current;
    const active = nav?.querySelector<HTMLElement>("[aria-current=page]");
    if (!nav || !active || nav.scrollWidth <= nav.clientWidth) return;
    nav.scrollLeft = active.offsetLeft - nav.offsetLeft - (nav.clientWidth - active.offsetWidth) / 2;
  }, [pathname]);
  return (
    <nav ref={navRef} aria-label="Sections" className="flex gap-1 overflow-x-auto md:flex-col">
      {SECTIONS.filter((s) => (!("isStaffOnly" in s) || role !== "viewer") && (!("needsMembers" in s) || hasMembers)).map(({ segment, label, icon: Icon }) => {
        const href = `/accounts/${accountId}${segment ? `/${segment}` : ""}`;
        const active = segment ? pathname.startsWith(href) : pathname === href;
        return (
          <Link key={label} href={href} aria-current={active ? "page" : undefined}
            className={cn(
              "flex shrink-0 items-center gap-2 rounded-md px-3 py-2 text-sm font-medium text-muted-foreground hover:bg-accent hover:text-accent-foreground",
              active && "bg-accent text-accent-foreground",
            )}>
            <Icon className="size-4" aria-hidden />
            {label}
          </Link>
        );
      })}
    </nav>
  );
}
