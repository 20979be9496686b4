// An audit row's before/after as text for people (the page and the CSV's "changes" column). Pure: the page's
// client table imports it.
import { formatExact } from "@/lib/money";
import { AUDIT_MONEY_FIELDS } from "./actions";
import type { AuditFields, AuditJsonValue } from "./changes";

export type FieldChange = { field: string; label: string; before: string | null; after: string | null };

const LABELS: Record<string, string> = {
  api_key_id: "Key id",
  replaced_by_api_key_id: "Replaced by key",
  replaced_by: "New key",
  key: "Key",
  invitation_id: "Invitation",
  transfer_id: "Transfer",
  parent_id: "Parent account",
  from_account_id: "From account",
  to_account_id: "To account",
  invoicing_account_id: "Invoicing account",
  max_per_day: "Max recharges per day",
  max_amount_per_day: "Max amount per day",
  price_per_segment: "Price per segment",
  notify_members: "Notify members",
  is_partner: "Partner",
  sign_in_email: "Sign-in e-mail",
  contact_email: "Contact e-mail",
};

export function fieldLabel(field: string): string {
  if (LABELS[field]) return LABELS[field];
  const words = field.replace(/_/g, " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

export function formatAuditValue(field: string, value: AuditJsonValue | undefined, currency: string): string | null {
  if (value === undefined) return null;
  if (value === null) return "none";
  if (typeof value === "boolean") return value ? "yes" : "no";
  // exact, not rounded: an audit row records what changed to the micro-unit, and the CSV keeps every decimal
  if (typeof value === "string" && AUDIT_MONEY_FIELDS.has(field) && /^-?\d+$/.test(value)) return formatExact(BigInt(value), currency);
  if (typeof value === "string" && ISO_TIME.test(value)) return `${value.slice(0, 16).replace("T", " ")} UTC`;
  if (typeof value === "number" && field.endsWith("_id")) return `#${value}`;
  if (typeof value === "string" || typeof value === "number") return String(value);
  return JSON.stringify(value);
}

// jsonb stores keys shortest first, so a row's own order is lost: these come first, in this order, then the rest
const FIELD_ORDER = [
  "amount", "from_balance", "to_balance", "transfer_id", "from_account_id", "to_account_id", "status", "name", "email", "sign_in_email", "contact_email", "role", "account_name",
  "parent_id", "payment_model", "invoicing_account_id", "monthly_volume_limit", "is_partner", "enabled", "threshold", "target",
  "price_per_segment",
];
const rank = (field: string) => (FIELD_ORDER.includes(field) ? FIELD_ORDER.indexOf(field) : FIELD_ORDER.length);

/** Each field of either side: what it was, what it became. */
export function describeChanges(before: AuditFields | null, after: AuditFields | null, currency: string): FieldChange[] {
  const fields = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])].sort((a, b) => rank(a) - rank(b));
  return fields.map((field) => ({
    field,
    label: fieldLabel(field),
    before: before ? formatAuditValue(field, before[field], currency) : null,
    after: after ? formatAuditValue(field, after[field], currency) : null,
  }));
}

/** A refusal's `after` ({attempted, target, status, code}) as one sentence. */
export function describeDenial(after: AuditFields | null): string {
  const attempted = typeof after?.attempted === "string" ? after.attempted : "a request";
  const target = after?.target && typeof after.target === "object" && !Array.isArray(after.target) ? Object.entries(after.target) : [];
  const on = target.length > 0 ? ` on ${target.map(([k, v]) => `${k} ${String(v)}`).join(", ")}` : "";
  const status = typeof after?.status === "number" ? ` (${after.status}${typeof after?.code === "string" ? ` ${after.code}` : ""})` : "";
  return `Tried ${attempted}${on}${status}`;
}

/** The changes in one line: "Status: active → suspended; Balance: €10.00 → €0.00". */
export function changesText(action: string, before: AuditFields | null, after: AuditFields | null, currency: string): string {
  if (action === "denied") return describeDenial(after);
  return describeChanges(before, after, currency)
    .map((c) => (c.before !== null && c.after !== null ? `${c.label}: ${c.before} → ${c.after}` : `${c.label}: ${c.after ?? c.before} ${c.after === null ? "(removed)" : ""}`.trim()))
    .join("; ");
}
