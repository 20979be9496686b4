import { CopyButton } from "@/components/ui/copy-button";

/** A block of code with a copy button, labelled for screen readers. */
export function CodeBlock({ code, label }: { code: string; label: string }) {
  return (
    <div className="relative rounded-md border bg-muted/50">
      <div className="absolute top-1.5 right-1.5">
        <CopyButton value={code} label={label} />
      </div>
      <pre className="overflow-x-auto p-3 pr-10 font-mono text-xs leading-relaxed" aria-label={label}>
        <code>{code}</code>
      </pre>
    </div>
  );
}
