import { prisma } from "@/lib/db/client";
import { sendMail } from "@/lib/mail/mailer";
import { resolveAppUrl } from "@/lib/domain/members/invitation-mail";
import { outboxMail } from "./outbox-mail";

const MAX_ATTEMPTS = 10;

type OutboxRow = { tenant_id: number; id: bigint; kind: string; account_id: number; payload: Record<string, unknown> };

/**
 * Who hears about an account: the owners of the nearest account above it that has owners (they hold the
 * money that refills it), or its own owners for the master; with `notify_members`, the account's own users too.
 */
async function recipientsFor(tenantId: number, accountId: number, notifyMembers: boolean) {
  const rows = await prisma.$queryRaw<{ email: string }[]>`
    WITH target AS (SELECT path FROM account WHERE tenant_id = ${tenantId} AND id = ${accountId}),
    owners AS (
      SELECT u.email, array_position(t.path, m.account_id) AS level
      FROM target t JOIN membership m ON m.tenant_id = ${tenantId} AND m.account_id = ANY (t.path) AND m.role = 'owner'
      JOIN app_user u ON u.id = m.user_id
      WHERE m.account_id <> ${accountId} OR cardinality(t.path) = 1)
    SELECT email FROM owners WHERE level = (SELECT max(level) FROM owners)
    UNION
    SELECT u.email FROM membership m JOIN app_user u ON u.id = m.user_id
    WHERE ${notifyMembers} AND m.tenant_id = ${tenantId} AND m.account_id = ${accountId}`;
  return rows.map((r) => r.email);
}

/**
 * Sends the mails that committed money transactions left in the outbox. Rows are claimed with SKIP LOCKED, so
 * several instances share the work without sending one mail twice; a failed send is retried on the next
 * flush, up to MAX_ATTEMPTS. Returns how many mails went out.
 */
export async function flushOutbox(limit = 50): Promise<number> {
  let sent = 0;
  await prisma.$transaction(
    async (tx) => {
      const rows = await tx.$queryRaw<OutboxRow[]>`
        SELECT tenant_id, id, kind, account_id, payload FROM outbox
        WHERE sent_at IS NULL AND attempts < ${MAX_ATTEMPTS}
        ORDER BY created_at LIMIT ${limit} FOR UPDATE SKIP LOCKED`;
      for (const row of rows) {
        try {
          const account = await tx.account.findUniqueOrThrow({
            where: { tenantId_id: { tenantId: row.tenant_id, id: row.account_id } },
            select: { name: true, currency: true },
          });
          const to = await recipientsFor(row.tenant_id, row.account_id, row.payload.notify_members === true);
          if (to.length > 0) {
            const mail = outboxMail({ kind: row.kind, accountId: row.account_id, accountName: account.name, currency: account.currency, payload: row.payload, appUrl: resolveAppUrl() });
            await sendMail({ to: to.join(", "), ...mail });
            sent++;
          }
          await tx.outbox.update({ where: { tenantId_id: { tenantId: row.tenant_id, id: row.id } }, data: { sentAt: new Date(), attempts: { increment: 1 } } });
        } catch (err) {
          await tx.outbox.update({
            where: { tenantId_id: { tenantId: row.tenant_id, id: row.id } },
            data: { attempts: { increment: 1 }, lastError: (err as Error).message.slice(0, 500) },
          });
        }
      }
    },
    { timeout: 60_000 },
  );
  return sent;
}
