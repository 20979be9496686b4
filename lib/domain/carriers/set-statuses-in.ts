import type { PoolClient, Pool } from "pg";
import type { MessageStatus } from "@/lib/db/generated/enums";

export type StatusUpdate = {
  messageId: bigint;
  status: Exclude<MessageStatus, "queued">;
  providerId?: string | null;
  errorCode?: string | null;
  detail?: string | null;
  /** the carrier connection that took (or refused) it */
  connectionId?: number | null;
};

export type StatusChange = {
  messageId: bigint;
  accountId: number;
  oldStatus: MessageStatus;
  newStatus: MessageStatus;
  providerId: string | null;
  refundTransferId: bigint | null;
  callbackUrl: string | null;
  recipient: string;
  segments: number;
  price: bigint;
};

type ChangeRow = {
  message_id: string;
  account_id: number;
  old_status: MessageStatus;
  new_status: MessageStatus;
  provider_id: string | null;
  refund_transfer_id: string | null;
  callback_url: string | null;
  recipient: string;
  segments: number;
  price: string;
};

/**
 * messaging_set_status() (prisma/sql/messaging_set_status.sql) through `db`: a pool (its own transaction) or the
 * client of a transaction the caller holds (a carrier's outcomes recorded with their parts and queue rows).
 */
export async function setStatusesIn(db: Pick<PoolClient | Pool, "query">, tenantId: number, updates: StatusUpdate[]): Promise<StatusChange[]> {
  if (updates.length === 0) return [];
  const payload = JSON.stringify(
    updates.map((u) => ({
      id: u.messageId.toString(),
      status: u.status,
      provider_id: u.providerId ?? null,
      error_code: u.errorCode ?? null,
      detail: u.detail ?? null,
      connection_id: u.connectionId ?? null,
    })),
  );
  const { rows } = await db.query<ChangeRow>("SELECT * FROM messaging_set_status($1, $2::jsonb)", [tenantId, payload]);
  return rows.map((r) => ({
    messageId: BigInt(r.message_id),
    accountId: r.account_id,
    oldStatus: r.old_status,
    newStatus: r.new_status,
    providerId: r.provider_id,
    refundTransferId: r.refund_transfer_id === null ? null : BigInt(r.refund_transfer_id),
    callbackUrl: r.callback_url,
    recipient: r.recipient,
    segments: r.segments,
    price: BigInt(r.price),
  }));
}
