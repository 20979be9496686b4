import { requireAccess } from "@/lib/auth/access";
import { csvStreamResponse } from "@/lib/csv/stream-csv";
import { DomainError } from "@/lib/domain/errors";
import { AUDIT_CSV_HEADER, auditLineToCsv } from "@/lib/domain/audit/audit-csv";
import { listAuditQuerySchema } from "@/lib/domain/audit/list-audit-schema";
import { iterateAuditEvents } from "@/lib/domain/audit/queries";

/** The filtered audit log as CSV, streamed batch by batch: a million events never sit in memory. */
export async function GET(request: Request, { params }: RouteContext<"/accounts/[accountId]/audit/export">) {
  const accountId = Number((await params).accountId);
  const url = new URL(request.url);
  let ctx;
  try {
    ctx = await requireAccess(accountId, "admin", { attempted: `GET ${url.pathname}` });
  } catch (err) {
    if (err instanceof DomainError) return Response.json({ error: { code: err.code, message: err.message } }, { status: err.status });
    throw err;
  }
  const query = listAuditQuerySchema.parse(Object.fromEntries(url.searchParams));
  const currency = ctx.currency;
  const date = new Date().toISOString().slice(0, 10);
  return csvStreamResponse({
    filename: `audit-${accountId}-${date}.csv`,
    header: AUDIT_CSV_HEADER,
    rows: iterateAuditEvents(ctx, accountId, query),
    toCells: (line) => auditLineToCsv(line, currency),
  });
}
