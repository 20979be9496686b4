// The audit log's vocabulary. Each name is what happened, in the past tense; the label is what the page and the
// CSV show. A row's `action` column holds the name (the database does not check it: the ledger function writes
// the money ones, this list is the one place that names them all).
export const AUDIT_ACTIONS = {
  signed_in: "Signed in",
  sign_in_failed: "Sign-in failed",
  member_created: "Member created",
  account_created: "Sub-account created",
  member_invited: "Member invited",
  invitation_resent: "Invitation resent",
  invitation_revoked: "Invitation revoked",
  invitation_accepted: "Invitation accepted",
  member_updated: "Member settings changed",
  member_suspended: "Member suspended",
  member_activated: "Member activated",
  member_deleted: "Member deleted",
  api_key_created: "API key created",
  api_key_rotated: "API key rotated",
  api_key_revoked: "API key revoked",
  funds_added: "Funds added",
  member_credited: "Member credited",
  member_debited: "Member debited",
  balance_swept: "Balance swept to parent",
  auto_recharge_set: "Auto-recharge set",
  auto_recharge_removed: "Auto-recharge removed",
  balance_alert_set: "Balance alert set",
  balance_alert_removed: "Balance alert removed",
  delivery_receipt_url_set: "Delivery receipt URL set",
  delivery_receipt_url_removed: "Delivery receipt URL removed",
  price_set: "Price set",
  price_removed: "Price removed",
  account_price_set: "Account price set",
  account_price_removed: "Account price removed",
  user_invited: "User invited",
  user_created: "User created",
  user_joined: "User joined",
  user_role_changed: "Role changed",
  user_removed: "User removed",
  profile_updated: "Profile updated",
  password_changed: "Password changed",
  password_reset: "Password reset",
  sessions_ended: "Other sessions signed out",
  two_factor_enabled: "Two-factor sign-in set up",
  two_factor_disabled: "Two-factor sign-in turned off",
  two_factor_requirement_set: "Two-factor requirement changed",
  tenant_created: "Tenant opened by the platform",
  payment_recorded: "Payment recorded",
  tenant_suspended: "Suspended by the platform",
  tenant_activated: "Reactivated by the platform",
  tenant_closed: "Closed by the platform",
  scheduled_send_cancelled: "Scheduled send cancelled",
  denied: "Access denied",
} as const;

export type AuditAction = keyof typeof AUDIT_ACTIONS;
export const AUDIT_ACTION_NAMES = Object.keys(AUDIT_ACTIONS) as AuditAction[];

export function auditActionLabel(action: string): string {
  return (AUDIT_ACTIONS as Record<string, string>)[action] ?? action;
}

/** The fields whose values are micro-units of the tenant's currency (stored as strings), shown as money. */
export const AUDIT_MONEY_FIELDS: ReadonlySet<string> = new Set([
  "amount",
  "balance",
  "from_balance",
  "to_balance",
  "threshold",
  "target",
  "max_amount_per_day",
  "price_per_segment",
]);
