import { Skeleton } from "@/components/ui/skeleton";

/** The reference's shape while the server reads the account's keys. */
export default function ApiReferenceLoading() {
  return (
    <div className="max-w-4xl space-y-4" aria-busy="true" aria-label="Loading">
      <Skeleton className="h-8 w-48" />
      <Skeleton className="h-10 w-full max-w-2xl" />
      <Skeleton className="h-48 w-full rounded-lg" />
      {Array.from({ length: 3 }, (_, i) => <Skeleton key={i} className="h-64 w-full rounded-lg" />)}
    </div>
  );
}
