import { toCsvRow } from "@/lib/domain/ledger/ledger-csv";

type Cells = (string | number | null)[];

/**
 * A CSV download streamed from an async generator, a few hundred rows per pull: a million rows never sit in
 * memory, and a client that disconnects stops the generator (and its database cursor).
 */
export function csvStreamResponse<T>(opts: { filename: string; header: readonly string[]; rows: AsyncGenerator<T>; toCells: (row: T) => Cells }) {
  const { rows, toCells } = opts;
  const encoder = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(toCsvRow([...opts.header])));
    },
    async pull(controller) {
      let chunk = "";
      for (let i = 0; i < 500; i++) {
        const next = await rows.next();
        if (next.done) {
          if (chunk) controller.enqueue(encoder.encode(chunk));
          controller.close();
          return;
        }
        chunk += toCsvRow(toCells(next.value));
      }
      controller.enqueue(encoder.encode(chunk));
    },
    async cancel() {
      await rows.return(undefined);
    },
  });
  return new Response(stream, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${opts.filename}"`,
      "Cache-Control": "no-store",
    },
  });
}
