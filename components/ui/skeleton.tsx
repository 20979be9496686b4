import * as React from "react";

import { cn } from "@/lib/utils";

// Decorative by default; announce loading on the surrounding region instead
// (e.g. aria-busy="true" or an sr-only "Loading…" text).
function Skeleton({ className, ...props }: React.ComponentProps<"div">) {
  return (
    <div
      data-slot="skeleton"
      aria-hidden="true"
      className={cn("animate-pulse rounded-md bg-muted motion-reduce:animate-none", className)}
      {...props}
    />
  );
}

export { Skeleton };
