"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { cn } from "@/lib/utils";

/** Members | Invitations: two routes under /team that read as one page. */
export function TeamTabs({ accountId }: { accountId: number }) {
  const pathname = usePathname();
  const tabs = [
    { href: `/accounts/${accountId}/team`, label: "Members", active: !pathname.endsWith("/invitations") },
    { href: `/accounts/${accountId}/team/invitations`, label: "Invitations", active: pathname.endsWith("/invitations") },
  ];
  return (
    <nav aria-label="Team" className="flex gap-1 border-b">
      {tabs.map((t) => (
        <Link key={t.href} href={t.href} aria-current={t.active ? "page" : undefined}
          className={cn("-mb-px border-b-2 px-3 py-2 text-sm font-medium", t.active ? "border-primary text-foreground" : "border-transparent text-muted-foreground hover:text-foreground")}>
          {t.label}
        </Link>
      ))}
    </nav>
  );
}
