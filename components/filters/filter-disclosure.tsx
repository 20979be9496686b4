"use client";

import { SlidersHorizontal } from "lucide-react";
import { useId, useState, type ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { cn } from "@/lib/utils";

/**
 * A filter form that folds away on a phone behind a "Filters" button saying how many filters are set; from `md`
 * up it is always open. It starts open when a filter has something wrong to say (`openOnPhone`).
 */
export function FilterDisclosure({ count, openOnPhone = false, children }: { count: number; openOnPhone?: boolean; children: ReactNode }) {
  const [open, setOpen] = useState(openOnPhone);
  const id = useId();
  return (
    <div className="grid gap-2">
      <Button type="button" variant="outline" className="justify-between md:hidden" aria-expanded={open} aria-controls={id} onClick={() => setOpen((o) => !o)}>
        <span className="inline-flex items-center gap-2"><SlidersHorizontal className="size-4" aria-hidden /> Filters</span>
        <span className={cn("rounded-full px-2 text-xs tabular-nums", count ? "bg-primary text-primary-foreground" : "text-muted-foreground")}>
          {count ? `${count} set` : "none set"}
        </span>
      </Button>
      <div id={id} className={cn(open ? "block" : "hidden", "md:block")}>{children}</div>
    </div>
  );
}
