import { cn } from "@/lib/utils";

/** The mark and, unless `compact` (phones), the name. */
export function Logo({ className, compact = false }: { className?: string; compact?: boolean }) {
  return (
    <span className={cn("inline-flex items-center gap-2 font-semibold tracking-tight", className)}>
      <svg aria-hidden viewBox="0 0 24 24" className="size-6 text-primary" fill="none" stroke="currentColor" strokeWidth={2}>
        <path d="M4 6h16M4 12h10M4 18h6" strokeLinecap="round" />
        <circle cx="18" cy="16" r="3" />
      </svg>
      <span className={compact ? "sr-only" : undefined}>Subledger</span>
    </span>
  );
}
