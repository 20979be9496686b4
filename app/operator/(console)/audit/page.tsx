import type { Metadata } from "next";
import Link from "next/link";
import { requireOperatorPage } from "@/lib/auth/operator-access";
import { OPERATOR_AUDIT_ACTIONS, OPERATOR_AUDIT_ACTION_NAMES, operatorAuditActionLabel } from "@/lib/domain/platform/audit-actions";
import { listOperatorAuditQuerySchema } from "@/lib/domain/platform/list-tenants-schema";
import { listOperatorAudit } from "@/lib/domain/platform/queries";
import { Button } from "@/components/ui/button";
import { Label } from "@/components/ui/label";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { UrlPagination } from "@/components/data-table/url-pagination";

export const metadata: Metadata = { title: "Audit log" };

const dateTime = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "medium", timeZone: "UTC" });

/** The changed fields as short "key: value" text; money stays in micro-units here, with the detail saying it in words. */
function fieldsText(fields: unknown) {
  if (!fields || typeof fields !== "object") return null;
  return Object.entries(fields as Record<string, unknown>).map(([k, v]) => `${k.replaceAll("_", " ")}: ${typeof v === "string" ? v : JSON.stringify(v)}`).join(" · ");
}

export default async function OperatorAuditPage({ searchParams }: PageProps<"/operator/audit">) {
  await requireOperatorPage("/operator/audit");
  const raw = Object.fromEntries(Object.entries(await searchParams).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));
  const query = listOperatorAuditQuerySchema.parse({ ...raw, action: raw.action || undefined });
  const action = query.action && query.action in OPERATOR_AUDIT_ACTIONS ? query.action : undefined;
  const list = await listOperatorAudit({ ...query, action });
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Audit log</h1>
        <p className="text-sm text-muted-foreground">What operators and their API keys did, newest first. Append-only.</p>
      </div>
      <form method="get" action="/operator/audit" className="flex flex-wrap items-end gap-3" aria-label="Filter the audit log">
        <div className="grid gap-1">
          <Label htmlFor="audit-action">Action</Label>
          <select id="audit-action" name="action" defaultValue={action ?? ""} className="h-9 rounded-md border border-input bg-background px-3 text-sm">
            <option value="">Any</option>
            {OPERATOR_AUDIT_ACTION_NAMES.map((a) => <option key={a} value={a}>{operatorAuditActionLabel(a)}</option>)}
          </select>
        </div>
        {query.tenantId ? <input type="hidden" name="tenantId" value={query.tenantId} /> : null}
        <Button type="submit" variant="secondary">Apply</Button>
        {action || query.tenantId ? <Button asChild variant="ghost"><Link href="/operator/audit">Clear</Link></Button> : null}
      </form>
      <div className="overflow-x-auto rounded-lg border bg-card">
        <Table>
          <caption className="sr-only">Operator audit log</caption>
          <TableHeader>
            <TableRow>
              <TableHead scope="col">When (UTC)</TableHead>
              <TableHead scope="col">Action</TableHead>
              <TableHead scope="col">Tenant</TableHead>
              <TableHead scope="col">Who</TableHead>
              <TableHead scope="col">Details</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {list.rows.length === 0 ? (
              <TableRow><TableCell colSpan={5} className="py-10 text-center text-muted-foreground">Nothing recorded{action ? " for this action" : ""} yet.</TableCell></TableRow>
            ) : (
              list.rows.map((r) => (
                <TableRow key={r.id}>
                  <TableCell className="whitespace-nowrap"><time dateTime={r.createdAt}>{dateTime.format(new Date(r.createdAt))}</time></TableCell>
                  <TableCell className="whitespace-nowrap font-medium">{operatorAuditActionLabel(r.action)}</TableCell>
                  <TableCell>{r.tenantId ? <Link href={`/operator/tenants/${r.tenantId}`} className="hover:underline">{r.tenantName ?? `#${r.tenantId}`}</Link> : <span className="text-muted-foreground">—</span>}</TableCell>
                  <TableCell>{r.actor}{r.ip ? <div className="text-xs text-muted-foreground">{r.ip}</div> : null}</TableCell>
                  <TableCell className="max-w-md text-sm">
                    {r.detail ? <div>{r.detail}</div> : null}
                    {fieldsText(r.after) ? <div className="break-words text-xs text-muted-foreground">{fieldsText(r.after)}</div> : null}
                  </TableCell>
                </TableRow>
              ))
            )}
          </TableBody>
        </Table>
      </div>
      <UrlPagination page={list.page} pageSize={list.pageSize} total={list.total} pageSizes={[50, 100]} />
    </div>
  );
}
