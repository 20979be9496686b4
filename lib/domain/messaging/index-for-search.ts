import { prisma } from "@/lib/db/client";

/**
 * Moves the message log's search index (message_search) up by at most `maxRows` message ids, through
 * message_search_catch_up() (prisma/sql/message_search_catch_up.sql): `indexed` messages were copied, `backlog` ids are
 * still above the index (the log queries scan message for those). One instance at a time: the others get 0.
 */
export async function indexMessagesForSearch({ maxRows }: { maxRows: number }) {
  const [row] = await prisma.$queryRaw<{ indexed: number; backlog: bigint | null }[]>`
    SELECT indexed, backlog FROM message_search_catch_up(${maxRows}::int)`;
  return { indexed: row.indexed, backlog: Number(row.backlog ?? 0n) };
}
