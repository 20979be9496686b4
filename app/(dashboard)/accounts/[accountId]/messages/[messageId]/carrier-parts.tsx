import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import type { MessageCarrierPart } from "@/lib/domain/carriers/queries";

const PART_STATUS = { sent: "sent, no final report yet", delivered: "delivered", failed: "failed" } as const;

/**
 * Where the message went: the carrier connection's name (a tenant sees nothing else of it) and, per part, the
 * carrier's id and word, for a support ticket with the carrier.
 */
export function CarrierParts({ connectionName, isSandbox, parts }: { connectionName: string; isSandbox: boolean; parts: MessageCarrierPart[] }) {
  return (
    <Card className="gap-3" role="region" aria-labelledby="carrier">
      <CardHeader>
        <CardTitle id="carrier">Carrier</CardTitle>
        <CardDescription>{isSandbox ? "Sandbox: delivery was simulated, nothing left the platform." : connectionName}</CardDescription>
      </CardHeader>
      {isSandbox ? null : (
        <CardContent>
          {parts.length === 0 ? (
            <p className="text-sm text-muted-foreground">The carrier took no part of it.</p>
          ) : (
            <ol className="divide-y text-sm" aria-labelledby="carrier">
              {parts.map((p) => (
                <li key={p.carrierId} className="grid gap-0.5 py-2 first:pt-0 last:pb-0">
                  <span className="text-xs text-muted-foreground">Part {p.part} of {p.parts}</span>
                  <code className="font-mono text-xs break-all" title="The carrier's id">{p.carrierId}</code>
                  <span className={p.status === "failed" ? "text-destructive" : undefined}>
                    {PART_STATUS[p.status as keyof typeof PART_STATUS] ?? p.status}
                    {p.stat && p.stat.toLowerCase() !== p.status ? <span className="text-muted-foreground"> ({p.stat})</span> : null}
                    {p.errorCode ? <code className="ml-1 font-mono text-xs">err {p.errorCode}</code> : null}
                  </span>
                </li>
              ))}
            </ol>
          )}
        </CardContent>
      )}
    </Card>
  );
}
