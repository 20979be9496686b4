"use client";

import { Building2, HandCoins, KeyRound, LayoutDashboard, ScrollText, ShieldCheck, Tags } from "lucide-react";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { cn } from "@/lib/utils";

const SECTIONS = [
  { href: "/operator", label: "Overview", icon: LayoutDashboard },
  { href: "/operator/tenants", label: "Tenants", icon: Building2 },
  { href: "/operator/payments", label: "Payments", icon: HandCoins },
  { href: "/operator/prices", label: "Default prices", icon: Tags },
  { href: "/operator/operators", label: "Operators", icon: ShieldCheck },
  { href: "/operator/api-keys", label: "API keys", icon: KeyRound },
  { href: "/operator/audit", label: "Audit log", icon: ScrollText },
] as const;

export function OperatorNav() {
  const pathname = usePathname();
  return (
    <nav aria-label="Console sections" className="flex gap-1 overflow-x-auto md:flex-col">
      {SECTIONS.map(({ href, label, icon: Icon }) => {
        const active = href === "/operator" ? pathname === href : pathname.startsWith(href);
        return (
          <Link key={href} href={href} aria-current={active ? "page" : undefined}
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
