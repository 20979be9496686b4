"use client";

import { BookOpenText, ChartColumn, FileCode, KeyRound, LayoutDashboard, MessageSquare, ScrollText, Tags, UserCog, Users } from "lucide-react";
import { usePathname } from "next/navigation";
import { SectionNav } from "./section-nav";

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
  const sections = SECTIONS.filter((s) => (!("isStaffOnly" in s) || role !== "viewer") && (!("needsMembers" in s) || hasMembers)).map(({ segment, label, icon }) => {
    const href = `/accounts/${accountId}${segment ? `/${segment}` : ""}`;
    return { href, label, icon, active: segment ? pathname.startsWith(href) : pathname === href };
  });
  return <SectionNav label="Sections" sections={sections} path={pathname} />;
}
