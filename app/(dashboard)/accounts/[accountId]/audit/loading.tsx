import { Skeleton } from "@/components/ui/skeleton";

/** The audit log's shape while the server pages it: heading, filters, a table of rows. */
export default function AuditLoading() {
  return (
    <div className="space-y-4" aria-busy="true" aria-label="Loading the audit log">
      <div className="flex items-end justify-between gap-3">
        <div className="space-y-2">
          <Skeleton className="h-8 w-40" />
          <Skeleton className="h-4 w-96 max-w-full" />
        </div>
        <Skeleton className="h-9 w-32" />
      </div>
      <Skeleton className="h-44 sm:h-36 lg:h-28" />
      <div className="space-y-px overflow-hidden rounded-lg border bg-card">
        <Skeleton className="h-10 rounded-none" />
        {Array.from({ length: 8 }, (_, i) => <Skeleton key={i} className="h-14 rounded-none opacity-60" />)}
      </div>
    </div>
  );
}
