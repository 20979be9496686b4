import { requireAccess } from "@/lib/auth/access";
import { csvStreamResponse } from "@/lib/csv/stream-csv";
import { DomainError } from "@/lib/domain/errors";
import { LEDGER_CSV_HEADER, ledgerLineToCsv } from "@/lib/domain/ledger/ledger-csv";
import { listTransfersQuerySchema } from "@/lib/domain/ledger/list-transfers-schema";
import { iterateTransfers } from "@/lib/domain/ledger/queries";

/** The filtered ledger as CSV, streamed batch by batch: a million lines never sit in memory. */
export async function GET(request: Request, { params }: RouteContext<"/accounts/[accountId]/ledger/export">) {
  const accountId = Number((await params).accountId);
  let ctx;
  try {
    ctx = await requireAccess(accountId, "viewer");
  } catch (err) {
    if (err instanceof DomainError) return Response.json({ error: { code: err.code, message: err.message } }, { status: err.status });
    throw err;
  }
  const query = listTransfersQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const lines = iterateTransfers(ctx, accountId, query);
  const date = new Date().toISOString().slice(0, 10);
  return csvStreamResponse({ filename: `ledger-${accountId}-${date}.csv`, header: LEDGER_CSV_HEADER, rows: lines, toCells: ledgerLineToCsv });
}
