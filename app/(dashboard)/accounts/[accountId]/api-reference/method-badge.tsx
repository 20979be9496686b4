import { cn } from "@/lib/utils";

// colour is a second cue only: the method is always written out
const METHOD_STYLES: Record<string, string> = {
  GET: "border-success/40 bg-success/10 text-success",
  POST: "border-primary/40 bg-primary/10 text-primary",
  PUT: "border-warning/50 bg-warning/15 text-foreground",
  PATCH: "border-warning/50 bg-warning/15 text-foreground",
  DELETE: "border-destructive/40 bg-destructive/10 text-destructive",
};

export function MethodBadge({ method, className }: { method: string; className?: string }) {
  return (
    <span className={cn("inline-flex w-16 shrink-0 justify-center rounded border px-1.5 py-0.5 font-mono text-xs font-semibold", METHOD_STYLES[method], className)}>
      {method}
    </span>
  );
}
