import { Skeleton } from "@/components/ui/skeleton";

/** The API keys page's shape while the server reads the keys. */
export default function ApiKeysLoading() {
  return (
    <div className="space-y-4" aria-busy="true" aria-label="Loading">
      <Skeleton className="h-8 w-40" />
      <Skeleton className="h-10 w-full max-w-2xl" />
      <Skeleton className="h-8 w-96" />
      <div className="space-y-2 rounded-lg border bg-card p-3">
        {Array.from({ length: 5 }, (_, i) => <Skeleton key={i} className="h-10" />)}
      </div>
    </div>
  );
}
