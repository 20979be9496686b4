// The operators' audit log vocabulary (operator_audit_event.action), as lib/domain/audit/actions.ts is the tenants'.
export const OPERATOR_AUDIT_ACTIONS = {
  platform_set_up: "Platform set up",
  operator_signed_in: "Signed in",
  operator_invited: "Operator invited",
  operator_joined: "Operator joined",
  operator_key_created: "API key created",
  operator_key_revoked: "API key revoked",
  tenant_created: "Tenant created",
  tenant_signed_up: "Tenant signed up",
  tenant_suspended: "Tenant suspended",
  tenant_activated: "Tenant reactivated",
  tenant_closed: "Tenant closed",
  owner_invitation_resent: "Owner invitation resent",
  payment_recorded: "Payment recorded",
  tenant_price_set: "Tenant price set",
  tenant_price_removed: "Tenant price removed",
  default_price_set: "Default price set",
  default_price_removed: "Default price removed",
  default_prices_started: "Default price list started",
  carrier_connection_created: "Carrier connection added",
  carrier_connection_updated: "Carrier connection changed",
  carrier_connection_paused: "Carrier connection paused",
  carrier_connection_resumed: "Carrier connection resumed",
  carrier_connection_removed: "Carrier connection removed",
  carrier_route_set: "Carrier route set",
  carrier_route_removed: "Carrier route removed",
} as const;

export type OperatorAuditAction = keyof typeof OPERATOR_AUDIT_ACTIONS;
export const OPERATOR_AUDIT_ACTION_NAMES = Object.keys(OPERATOR_AUDIT_ACTIONS) as OperatorAuditAction[];

export function operatorAuditActionLabel(action: string): string {
  return (OPERATOR_AUDIT_ACTIONS as Record<string, string>)[action] ?? action;
}
