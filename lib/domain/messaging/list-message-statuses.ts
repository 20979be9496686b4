import { prisma } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import type { MessageStatus } from "@/lib/db/generated/enums";
import type { DomainContext } from "@/lib/domain/context";
import { LimitExceededError, ValidationError } from "@/lib/domain/errors";
import { parseRecipient } from "./recipient";

/** SMS Central's status query limits (reference-smscentral §4). */
export const STATUS_QUERY_LIMITS = { recipients: 10, perRecipient: 10, references: 100 } as const;

export type MessageStatusRow = {
  id: bigint;
  reference: string | null;
  /** E.164 with its + */
  recipient: string;
  senderId: string;
  campaign: string | null;
  status: MessageStatus;
  errorCode: string | null;
  createdAt: Date;
};

export type ListMessageStatusesInput = { recipients: string[] } | { references: string[] };

const COLUMNS = Prisma.sql`m.id, m.reference, m.recipient, m.sender_id AS "senderId", m.campaign, m.status, m.error_code AS "errorCode", m.created_at AS "createdAt"`;

/**
 * The status of the caller's own account's messages (the account it sends as, not its subtree: a REFERENCE is
 * unique per sending account only, so across a subtree one reference could name several messages), either
 * - by recipient: up to 10 numbers, each with its up to 10 latest messages of the current UTC month, newest first;
 *   one pass over the account's month on the (tenant, account, created_at) index (no index on the recipient:
 *   every index on message is paid by every send), or
 * - by reference: up to 100 of the caller's references, one look-up each on the unique reference index.
 * Rows come in the order the numbers or references were asked for; unknown ones are simply absent.
 */
export async function listMessageStatuses({ ctx, input }: { ctx: Pick<DomainContext, "tenantId" | "accountId">; input: ListMessageStatusesInput }): Promise<MessageStatusRow[]> {
  if ("references" in input) {
    const references = [...new Set(input.references.map((r) => r.trim()).filter(Boolean))];
    if (references.length === 0) throw new ValidationError("Name at least one REFERENCE.", { references: ["Name at least one reference."] });
    if (references.length > STATUS_QUERY_LIMITS.references) {
      throw new LimitExceededError("too_many_references", `At most ${STATUS_QUERY_LIMITS.references} references in one query.`);
    }
    return prisma.$queryRaw<MessageStatusRow[]>`
      SELECT ${COLUMNS} FROM message m
       WHERE m.tenant_id = ${ctx.tenantId} AND m.account_id = ${ctx.accountId} AND m.reference = ANY (${references}::text[])
       ORDER BY array_position(${references}::text[], m.reference)`;
  }
  const asked = [...new Set(input.recipients.map((r) => r.trim()).filter(Boolean))];
  if (asked.length === 0) throw new ValidationError("Name at least one RECIPIENT.", { recipients: ["Name at least one number."] });
  if (asked.length > STATUS_QUERY_LIMITS.recipients) {
    throw new LimitExceededError("too_many_recipients", `At most ${STATUS_QUERY_LIMITS.recipients} recipients in one query.`);
  }
  const recipients = asked.map((raw) => {
    const parsed = parseRecipient(raw);
    if (!parsed.ok) throw new ValidationError(`${raw}: ${parsed.reason}.`, { recipients: [`${raw}: ${parsed.reason}.`] });
    return parsed.e164;
  });
  return prisma.$queryRaw<MessageStatusRow[]>`
    SELECT id, reference, recipient, "senderId", campaign, status, "errorCode", "createdAt" FROM (
      SELECT ${COLUMNS}, row_number() OVER (PARTITION BY m.recipient ORDER BY m.created_at DESC, m.id DESC) AS n
        FROM message m
       WHERE m.tenant_id = ${ctx.tenantId} AND m.account_id = ${ctx.accountId} AND m.recipient = ANY (${recipients}::text[])
         AND m.created_at >= date_trunc('month', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC') q
     WHERE n <= ${STATUS_QUERY_LIMITS.perRecipient}
     ORDER BY array_position(${recipients}::text[], recipient), n`;
}
