import { requireAccess } from "@/lib/auth/access";
import { DomainError } from "@/lib/domain/errors";
import { toCsvRow } from "@/lib/domain/ledger/ledger-csv";
import { iterateMessages } from "@/lib/domain/messaging/queries";
import { parseMessagesQuery } from "../messages-url";
import { MESSAGE_CSV_HEADER, messageToCsv } from "./message-csv";

/** The filtered message log as CSV, streamed batch by batch (keyset pages): a million rows never sit in memory. */
export async function GET(request: Request, { params }: RouteContext<"/accounts/[accountId]/messages/export">) {
  const accountId = Number((await params).accountId);
  let ctx;
  try {
    ctx = await requireAccess(accountId, "viewer");
  } catch (err) {
    if (err instanceof DomainError) return Response.json({ error: { code: err.code, message: err.message } }, { status: err.status });
    throw err;
  }
  const query = parseMessagesQuery(new URL(request.url).searchParams);
  const messages = iterateMessages(ctx, accountId, query);
  const encoder = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(toCsvRow(MESSAGE_CSV_HEADER)));
    },
    async pull(controller) {
      // a few hundred rows per pull keeps the stream flowing without building one big string
      let chunk = "";
      for (let i = 0; i < 500; i++) {
        const next = await messages.next();
        if (next.done) {
          if (chunk) controller.enqueue(encoder.encode(chunk));
          controller.close();
          return;
        }
        chunk += toCsvRow(messageToCsv(next.value));
      }
      controller.enqueue(encoder.encode(chunk));
    },
    async cancel() {
      await messages.return(undefined);
    },
  });
  const date = new Date().toISOString().slice(0, 10);
  return new Response(stream, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="messages-${accountId}-${date}.csv"`,
      "Cache-Control": "no-store",
    },
  });
}
