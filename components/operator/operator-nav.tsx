"use client";

import { Building2, HandCoins, KeyRound, LayoutDashboard, RadioTower, ScrollText, ShieldCheck, Tags } from "lucide-react";
import { usePathname } from "next/navigation";
import { SectionNav } from "@/components/shell/section-nav";

const SECTIONS = [
  { href: "/operator", label: "Overview", icon: LayoutDashboard },
  { href: "/operator/tenants", label: "Tenants", icon: Building2 },
  { href: "/operator/payments", label: "Payments", icon: HandCoins },
  { href: "/operator/prices", label: "Default prices", icon: Tags },
  { href: "/operator/carriers", label: "Carriers", icon: RadioTower },
  { href: "/operator/operators", label: "Operators", icon: ShieldCheck },
  { href: "/operator/api-keys", label: "API keys", icon: KeyRound },
  { href: "/operator/audit", label: "Audit log", icon: ScrollText },
] as const;

export function OperatorNav() {
  const pathname = usePathname();
  const sections = SECTIONS.map((s) => ({ ...s, active: s.href === "/operator" ? pathname === s.href : pathname.startsWith(s.href) }));
  return <SectionNav label="Console sections" sections={sections} path={pathname} />;
}
