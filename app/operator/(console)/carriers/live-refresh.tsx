"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";

/**
 * Renders the page again on the server every few seconds while it is in view: the live state is one small read
 * of a few rows, so a poll costs less than a socket per viewer would.
 */
export function LiveRefresh({ everyMs = 5000, renderedAt }: { everyMs?: number; renderedAt: string }) {
  const router = useRouter();
  useEffect(() => {
    const timer = setInterval(() => {
      if (document.visibilityState === "visible") router.refresh();
    }, everyMs);
    return () => clearInterval(timer);
  }, [router, everyMs]);
  return (
    <p className="text-xs text-muted-foreground" aria-live="off">
      Live: updated <time dateTime={renderedAt}>{renderedAt.slice(11, 19)}</time> UTC, every {everyMs / 1000} s
    </p>
  );
}
