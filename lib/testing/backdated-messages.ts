// For the statistics tests: messages sent and moved on at chosen times, through the same SQL functions as the
// app (messaging_send, messaging_set_status) on their backfill path, so dates can straddle days and months.
import { randomUUID } from "node:crypto";
import { prisma } from "@/lib/db/client";
import type { TestTenant } from "./factories";

export const TEST_NUMBERS = { CY: "+35799123456", DE: "+4915123456789", GB: "+447400123456" } as const;

/** Sends `count` one-segment messages from `accountId` to `country`, dated `at`; returns their ids. */
export async function sendAt(tenant: TestTenant, accountId: number, at: string, country: keyof typeof TEST_NUMBERS, count = 1) {
  const item = {
    ord: 0, tenant_id: tenant.tenantId, account_id: accountId, api_key_id: null, actor_user_id: null, batch_id: randomUUID(),
    idempotency_key: null, request_hash: randomUUID(), sender_id: "Stats", callback_url: null, memo: "backdated test send",
    messages: Array.from({ length: count }, (_, i) => ({ ord: i, recipient: TEST_NUMBERS[country], country, body: "hi", encoding: "gsm7", segments: 1 })),
  };
  return prisma.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT set_config('subledger.backfill', 'on', true)`;
    const rows = await tx.$queryRaw<{ message_id: bigint; error_code: string | null }[]>`SELECT message_id, error_code FROM messaging_send(${JSON.stringify([item])}::jsonb, ${at}::timestamptz)`;
    if (rows[0]?.error_code) throw new Error(rows[0].error_code);
    return rows.map((r) => r.message_id);
  });
}

/** Moves messages to `status` at `at`, as a receipt would. */
export async function setStatusAt(tenant: TestTenant, ids: bigint[], status: "sent" | "delivered" | "failed", at: string) {
  await prisma.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT set_config('subledger.backfill', 'on', true)`;
    await tx.$queryRaw`SELECT 1 FROM messaging_set_status(${tenant.tenantId}, ${JSON.stringify(ids.map((id) => ({ id: String(id), status })))}::jsonb, ${at}::timestamptz)`;
  });
}
