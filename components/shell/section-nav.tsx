"use client";

import type { LucideIcon } from "lucide-react";
import Link from "next/link";
import { useEffect, useRef } from "react";
import { cn } from "@/lib/utils";

export type NavSection = { href: string; label: string; icon: LucideIcon; active: boolean };

/**
 * A column of section links on a desktop, one row that scrolls sideways on a phone. The current section is
 * scrolled into the middle of that row on every navigation (the row's own scroll only: scrollIntoView would
 * move the page too).
 */
export function SectionNav({ label, sections, path }: { label: string; sections: NavSection[]; path: string }) {
  const navRef = useRef<HTMLElement>(null);
  useEffect(() => {
    const nav = navRef.current;
    const active = nav?.querySelector<HTMLElement>("[aria-current=page]");
    if (!nav || !active || nav.scrollWidth <= nav.clientWidth) return;
    nav.scrollLeft = active.offsetLeft - nav.offsetLeft - (nav.clientWidth - active.offsetWidth) / 2;
  }, [path]);
  return (
    <nav ref={navRef} aria-label={label} className="flex gap-1 overflow-x-auto md:flex-col">
      {sections.map(({ href, label: text, icon: Icon, active }) => (
        <Link key={href} href={href} aria-current={active ? "page" : undefined}
          className={cn(
            "flex shrink-0 items-center gap-2 rounded-md px-3 py-2 text-sm font-medium text-muted-foreground hover:bg-accent hover:text-accent-foreground",
            active && "bg-accent text-accent-foreground",
          )}>
          <Icon className="size-4" aria-hidden />
          {text}
        </Link>
      ))}
    </nav>
  );
}
