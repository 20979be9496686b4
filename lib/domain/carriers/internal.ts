import type { DbClient } from "@/lib/db/client";
import { NotFoundError } from "@/lib/domain/errors";

/** Wakes every instance's carrier supervisor (lib/domain/carriers/supervisor.ts) at commit. */
export async function notifyCarrierChange(tx: DbClient) {
  await tx.$executeRaw`SELECT pg_notify('subledger_carriers', '')`;
}

/** A connection that has not been removed, locked for a change. */
export async function lockConnection(tx: DbClient, connectionId: number) {
  const [row] = await tx.$queryRaw<{ id: number; name: string; kind: "sandbox" | "smpp" | "http"; paused: boolean }[]>`
    SELECT id, name, kind::text AS kind, paused FROM carrier_connection WHERE id = ${connectionId} AND removed_at IS NULL FOR UPDATE`;
  if (!row) throw new NotFoundError("Carrier connection not found.");
  return row;
}

/** The settings as the audit log keeps them: never a secret. */
export const auditedSettings = (c: { name: string; kind: string; failoverAfterSeconds: number; settings: unknown }) => ({
  name: c.name,
  kind: c.kind,
  failoverAfterSeconds: c.failoverAfterSeconds,
  settings: JSON.stringify(c.settings),
});
