"use client";

import type { ColumnDef } from "@tanstack/react-table";
import Link from "next/link";
import { DataTable } from "@/components/data-table/data-table";
import { Badge } from "@/components/ui/badge";
import { describeChanges, describeDenial } from "@/lib/domain/audit/describe-changes";
import type { AuditLine } from "@/lib/domain/audit/queries";

function ActionBadge({ line }: { line: AuditLine }) {
  const variant = line.action === "denied" ? "destructive" : line.action === "sign_in_failed" ? "warning" : "secondary";
  return <Badge variant={variant}>{line.actionLabel}</Badge>;
}

function ActorCell({ line }: { line: AuditLine }) {
  const { actor } = line;
  const secondary = actor.kind === "user" ? actor.email : actor.kind === "api_key" ? actor.key : null;
  return (
    <div className="min-w-[8rem] max-w-[12rem]">
      <span className="block">{actor.kind === "api_key" ? `API key “${actor.name}”` : actor.name}</span>
      {secondary ? <span className="block truncate text-xs text-muted-foreground" title={secondary}>{secondary}</span> : null}
      {!line.isActorInView ? <span className="block text-xs text-muted-foreground">from an account above yours</span> : null}
      {line.ip ? <span className="block font-mono text-xs text-muted-foreground">from {line.ip}</span> : null}
      {line.userAgent ? (
        <span className="block truncate text-xs text-muted-foreground" title={line.userAgent}>
          <span className="sr-only">Browser: </span>
          {line.userAgent}
        </span>
      ) : null}
    </div>
  );
}

function ChangesCell({ line, currency }: { line: AuditLine; currency: string }) {
  if (line.action === "denied") {
    return (
      <div className="max-w-[20rem] min-w-[12rem] text-sm">
        <span className="block">{describeDenial(line.after)}</span>
        {line.detail ? <span className="block text-xs text-muted-foreground">{line.detail}</span> : null}
      </div>
    );
  }
  const changes = describeChanges(line.before, line.after, currency);
  return (
    <div className="max-w-[20rem] min-w-[12rem] text-sm">
      {changes.length > 0 ? (
        <dl className="grid grid-cols-[auto_1fr] gap-x-2 gap-y-0.5">
          {changes.map((c) => (
            <div key={c.field} className="contents">
              <dt className="text-muted-foreground">{c.label}</dt>
              <dd className="tabular-nums break-words">
                {c.before !== null && c.after !== null ? (
                  <>
                    <span className="text-muted-foreground line-through decoration-muted-foreground/60">{c.before}</span>
                    <span aria-label="changed to"> → </span>
                    {c.after}
                  </>
                ) : c.after !== null ? (
                  c.after
                ) : (
                  <span>
                    <span className="text-muted-foreground line-through decoration-muted-foreground/60">{c.before}</span> <span className="text-xs text-muted-foreground">(removed)</span>
                  </span>
                )}
              </dd>
            </div>
          ))}
        </dl>
      ) : null}
      {line.detail ? <span className="mt-0.5 block text-xs text-muted-foreground">{line.detail}</span> : null}
    </div>
  );
}

export function AuditTable({ rows, total, currency, isFiltered }: { rows: AuditLine[]; total: number; currency: string; isFiltered: boolean }) {
  const columns: ColumnDef<AuditLine, unknown>[] = [
    {
      id: "time",
      header: "Time (UTC)",
      meta: { pin: "left" },
      cell: ({ row }) => (
        <time dateTime={row.original.createdAt} className="block whitespace-nowrap tabular-nums">
          {row.original.createdAt.slice(0, 10)}
          <span className="block text-xs text-muted-foreground">{row.original.createdAt.slice(11, 19)}</span>
        </time>
      ),
    },
    { id: "action", header: "Action", cell: ({ row }) => <ActionBadge line={row.original} /> },
    {
      id: "account",
      header: "Account",
      // a long account name wraps, as in the ledger: on one line it pushed the table past its column at 1440 px
      meta: { optional: true, className: "min-w-[7rem] whitespace-normal break-words" },
      cell: ({ row }) =>
        row.original.accountId !== null ? (
          <Link href={`/accounts/${row.original.accountId}`} className="hover:underline">
            {row.original.accountName ?? `#${row.original.accountId}`}
          </Link>
        ) : (
          <span className="text-muted-foreground">—</span>
        ),
    },
    { id: "actor", header: "Done by (from)", meta: { optional: true, className: "whitespace-normal", card: "wide" }, cell: ({ row }) => <ActorCell line={row.original} /> },
    { id: "changes", header: "Changes", meta: { className: "whitespace-normal", card: "wide" }, cell: ({ row }) => <ChangesCell line={row.original} currency={currency} /> },
  ];
  return (
    <DataTable
      columns={columns}
      rows={rows}
      total={total}
      caption="Audit events"
      tableId="audit"
      getRowId={(r) => r.id}
      empty={<span>{isFiltered ? "No events match these filters." : "Nothing recorded yet: sign-ins, changes and money moves will appear here."}</span>}
    />
  );
}
