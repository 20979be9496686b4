import { MessageStatusBadge } from "@/components/messages/message-status-badge";
import { Money } from "@/components/ui/money";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { StatusSlice } from "@/lib/domain/stats/queries";
import { formatCount } from "./chart-scale";
import { ShareBar } from "./share-bar";

const ORDER = ["delivered", "sent", "queued", "failed"] as const;

/** Messages of the view by their current status; a refunded (failed) message counts at no cost. */
export function StatusBreakdown({ slices, currency }: { slices: StatusSlice[]; currency: string }) {
  const total = slices.reduce((sum, s) => sum + s.messages, 0);
  // a status every message has moved on from (queued, at the end of the day) keeps a row of zeros: left out
  const rows = ORDER.flatMap((status) => slices.filter((s) => s.status === status && s.messages > 0));
  if (total === 0) return <p className="py-6 text-center text-sm text-muted-foreground">No messages in this range.</p>;
  return (
    <Table>
      <caption className="sr-only">Messages by status</caption>
      <TableHeader>
        <TableRow>
          <TableHead scope="col">Status</TableHead>
          <TableHead scope="col" className="text-right">Messages</TableHead>
          <TableHead scope="col" className="text-right">Share</TableHead>
          <TableHead scope="col" className="text-right">Cost</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {rows.map((s) => (
          <TableRow key={s.status}>
            <TableCell><MessageStatusBadge status={s.status} /></TableCell>
            <TableCell className="text-right tabular-nums">{formatCount(s.messages)}</TableCell>
            <TableCell><ShareBar ratio={s.messages / total} wideOnly /></TableCell>
            <TableCell className="text-right tabular-nums"><Money micro={s.cost} currency={currency} /></TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
