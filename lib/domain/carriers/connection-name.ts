import type { DbClient } from "@/lib/db/client";
import { ConflictError } from "@/lib/domain/errors";

/** Two live connections never share a name (case aside): the routes and the message detail show names. */
export async function assertNameFree(tx: DbClient, name: string, exceptId?: number) {
  const [clash] = await tx.$queryRaw<{ id: number }[]>`
    SELECT id FROM carrier_connection WHERE lower(name) = lower(${name}) AND removed_at IS NULL AND id <> ${exceptId ?? 0}`;
  if (clash) throw new ConflictError("connection_name_taken", `A connection named "${name}" exists already.`);
}
