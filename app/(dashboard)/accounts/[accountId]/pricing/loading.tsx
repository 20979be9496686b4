import { Skeleton } from "@/components/ui/skeleton";

/** The pricing page's shape while the server reads the prices. */
export default function PricingLoading() {
  return (
    <div className="max-w-4xl space-y-4" aria-busy="true" aria-label="Loading">
      <Skeleton className="h-8 w-40" />
      <Skeleton className="h-10 w-full max-w-2xl" />
      <Skeleton className="h-9 w-80" />
      <div className="space-y-2 rounded-lg border bg-card p-3">
        {Array.from({ length: 10 }, (_, i) => <Skeleton key={i} className="h-8" />)}
      </div>
    </div>
  );
}
