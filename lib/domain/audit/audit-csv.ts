import type { AuditLine } from "./queries";
import { changesText } from "./describe-changes";

export const AUDIT_CSV_HEADER = [
  "id", "created_at", "action", "account_id", "account", "actor_type", "actor_id", "actor", "ip", "user_agent",
  "changes", "before", "after", "detail",
] as const;

export function actorText(line: AuditLine): string {
  const a = line.actor;
  if (a.kind === "user") return a.email ? `${a.name} <${a.email}>` : a.name;
  if (a.kind === "api_key") return a.key ? `API key ${a.name} (${a.key})` : `API key ${a.name}`;
  return a.name;
}

/** One line of the export: the human "changes" column for reading, the exact before/after JSON for tools. */
export function auditLineToCsv(line: AuditLine, currency: string): (string | number | null)[] {
  return [
    line.id,
    line.createdAt,
    line.action,
    line.accountId,
    line.accountName,
    line.actor.kind,
    line.actor.kind === "label" ? null : line.actor.id,
    actorText(line),
    line.ip,
    line.userAgent,
    changesText(line.action, line.before, line.after, currency),
    line.before ? JSON.stringify(line.before) : null,
    line.after ? JSON.stringify(line.after) : null,
    line.detail,
  ];
}
