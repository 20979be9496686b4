import { countryName } from "@/components/messages/country-name";
import { Money } from "@/components/ui/money";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { CountrySlice } from "@/lib/domain/stats/queries";
import { formatCount } from "./chart-scale";
import { ShareBar } from "./share-bar";

/** Messages of the view by destination country, busiest first; past `limit` countries the rest are one row. */
export function CountryBreakdown({ slices, currency, limit = 10 }: { slices: CountrySlice[]; currency: string; limit?: number }) {
  const total = slices.reduce((sum, s) => sum + s.messages, 0);
  if (total === 0) return <p className="py-6 text-center text-sm text-muted-foreground">No messages in this range.</p>;
  const shown = slices.length > limit + 1 ? slices.slice(0, limit) : slices;
  const rest = slices.slice(shown.length);
  const other = rest.length
    ? { messages: rest.reduce((sum, s) => sum + s.messages, 0), cost: rest.reduce((sum, s) => sum + s.cost, 0n) }
    : null;
  return (
    <Table>
      <caption className="sr-only">Messages by destination country</caption>
      <TableHeader>
        <TableRow>
          <TableHead scope="col">Destination</TableHead>
          <TableHead scope="col" className="text-right">Messages</TableHead>
          <TableHead scope="col" className="text-right">Share</TableHead>
          <TableHead scope="col" className="text-right">Cost</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {shown.map((s) => (
          <TableRow key={s.country}>
            <TableCell className="max-w-[12rem] truncate" title={`${countryName(s.country)} (${s.country})`}>
              {countryName(s.country)} <span className="text-muted-foreground">({s.country})</span>
            </TableCell>
            <TableCell className="text-right tabular-nums">{formatCount(s.messages)}</TableCell>
            <TableCell><ShareBar ratio={s.messages / total} wideOnly /></TableCell>
            <TableCell className="text-right tabular-nums"><Money micro={s.cost} currency={currency} /></TableCell>
          </TableRow>
        ))}
        {other ? (
          <TableRow>
            <TableCell className="text-muted-foreground">{rest.length} other countries</TableCell>
            <TableCell className="text-right tabular-nums">{formatCount(other.messages)}</TableCell>
            <TableCell><ShareBar ratio={other.messages / total} wideOnly /></TableCell>
            <TableCell className="text-right tabular-nums"><Money micro={other.cost} currency={currency} /></TableCell>
          </TableRow>
        ) : null}
      </TableBody>
    </Table>
  );
}
