import { Skeleton } from "@/components/ui/skeleton";

/** The statistics page's shape while the server aggregates: heading, filters, four figures, the chart, tables. */
export default function StatisticsLoading() {
  return (
    <div className="space-y-6" aria-busy="true" aria-label="Loading statistics">
      <div className="space-y-2">
        <Skeleton className="h-8 w-40" />
        <Skeleton className="h-4 w-80" />
      </div>
      <Skeleton className="h-24" />
      <div className="grid gap-4 sm:grid-cols-2 xl:grid-cols-4">
        {Array.from({ length: 4 }, (_, i) => <Skeleton key={i} className="h-28" />)}
      </div>
      <Skeleton className="h-96" />
      <div className="grid grid-cols-1 gap-6 lg:grid-cols-2">
        <Skeleton className="h-64" />
        <Skeleton className="h-64" />
      </div>
    </div>
  );
}
