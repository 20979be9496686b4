import { requireAccess } from "@/lib/auth/access";
import { DomainError } from "@/lib/domain/errors";
import { toCsvRow, LEDGER_CSV_HEADER, ledgerLineToCsv } from "@/lib/domain/ledger/ledger-csv";
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
  const encoder = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      controller.enqueue(encoder.encode(toCsvRow(LEDGER_CSV_HEADER)));
    },
    async pull(controller) {
      // a few hundred lines per pull keeps the stream flowing without building one big string
      let chunk = "";
      for (let i = 0; i < 500; i++) {
        const next = await lines.next();
        if (next.done) {
          if (chunk) controller.enqueue(encoder.encode(chunk));
          controller.close();
          return;
        }
        chunk += toCsvRow(ledgerLineToCsv(next.value));
      }
      controller.enqueue(encoder.encode(chunk));
    },
    async cancel() {
      await lines.return(undefined);
    },
  });
  const date = new Date().toISOString().slice(0, 10);
  return new Response(stream, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="ledger-${accountId}-${date}.csv"`,
      "Cache-Control": "no-store",
    },
  });
}
