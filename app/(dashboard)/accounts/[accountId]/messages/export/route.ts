import { requireAccess } from "@/lib/auth/access";
import { csvStreamResponse } from "@/lib/csv/stream-csv";
import { DomainError } from "@/lib/domain/errors";
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
  const date = new Date().toISOString().slice(0, 10);
  return csvStreamResponse({ filename: `messages-${accountId}-${date}.csv`, header: MESSAGE_CSV_HEADER, rows: messages, toCells: messageToCsv });
}
