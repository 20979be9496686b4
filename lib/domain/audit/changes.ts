// What an audit row says changed: plain JSON (bigint micro-units and dates as strings), only the fields that did.

export type AuditJsonValue = string | number | boolean | null | AuditJsonValue[] | { [key: string]: AuditJsonValue };
export type AuditFields = Record<string, AuditJsonValue>;
type Plain = Record<string, unknown>;

/** A value as the audit log stores it: bigint as a decimal string (JSON numbers lose precision), a Date in ISO. */
export function auditValue(value: unknown): AuditJsonValue {
  if (value === undefined || value === null) return null;
  if (typeof value === "bigint") return value.toString();
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(auditValue);
  if (typeof value === "object") return auditFields(value as Plain);
  if (typeof value === "number" && !Number.isFinite(value)) return String(value);
  return value as string | number | boolean;
}

export function auditFields(fields: Plain): AuditFields {
  const out: AuditFields = {};
  for (const [key, value] of Object.entries(fields)) if (value !== undefined) out[key] = auditValue(value);
  return out;
}

/**
 * The fields whose value differs between `before` and `after` (compared as the log would store them), each side
 * with only those fields; null when nothing changed, so that a no-op writes no row.
 */
export function changedFields(before: Plain, after: Plain): { before: AuditFields; after: AuditFields } | null {
  const b = auditFields(before);
  const a = auditFields(after);
  const changed = [...new Set([...Object.keys(b), ...Object.keys(a)])].filter((key) => JSON.stringify(b[key] ?? null) !== JSON.stringify(a[key] ?? null));
  if (changed.length === 0) return null;
  return {
    before: Object.fromEntries(changed.map((key) => [key, b[key] ?? null])),
    after: Object.fromEntries(changed.map((key) => [key, a[key] ?? null])),
  };
}
