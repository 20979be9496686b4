import { Skeleton } from "@/components/ui/skeleton";

/** A message's shape while it loads: heading, text and details, status history. */
export default function MessageLoading() {
  return (
    <div className="space-y-4" aria-busy="true" aria-label="Loading message">
      <Skeleton className="h-4 w-32" />
      <Skeleton className="h-8 w-56" />
      <Skeleton className="h-4 w-80" />
      <div className="grid gap-4 lg:grid-cols-3">
        <div className="space-y-4 lg:col-span-2">
          <Skeleton className="h-40" />
          <Skeleton className="h-72" />
        </div>
        <Skeleton className="h-56" />
      </div>
    </div>
  );
}
