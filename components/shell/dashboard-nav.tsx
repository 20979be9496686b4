"use client";

import { BookOpenText, ChartColumn, FileCode, KeyRound, LayoutDashboard, MessageSquare, ScrollText, Tags, UserCog, Users } from "lucide-react";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { cn } from "@/lib/utils";

// Sections appear here as their pages land (Team, Messages, Statistics, Ledger, API keys, Settings).
const SECTIONS = [
  { segment: "", label: "Overview", icon: LayoutDashboard },
  { segment: "team", label: "Team", icon: Users },
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

export function DashboardNav({ accountId, role }: { accountId: number; role?: "owner" | "admin" | "viewer" }) {
  const pathname = usePathname();
  return (
    <nav aria-label="Sections" className="flex gap-1 overflow-x-auto md:flex-col">
      {SECTIONS.filter((s) => !("isStaffOnly" in s) || role !== "viewer").map(({ segment, label, icon: Icon }) => {
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
