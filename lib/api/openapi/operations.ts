// Every native route handler, once. The completeness test holds this list and app/api/v1/**/route.ts together.
import { ACCOUNT_API_OPERATIONS, ACCOUNT_API_TAGS } from "@/lib/api/v1/account-operations";
import type { ApiOperation } from "./operation";
import { AUTO_RECHARGE_OPERATIONS } from "./operations/auto-recharge";
import { CARRIER_OPERATIONS, CARRIERS_TAG } from "./operations/carriers";
import { MESSAGE_OPERATIONS } from "./operations/messages";
import { OPENAPI_OPERATIONS } from "./operations/openapi";
import { OPERATOR_OPERATIONS, OPERATOR_TAG } from "./operations/operator";
import { SCHEDULED_OPERATIONS, SCHEDULED_TAG } from "./operations/scheduled";
import { STATISTICS_OPERATIONS } from "./operations/statistics";
import { USER_OPERATIONS, USERS_TAG } from "./operations/users";

/** The reference page shows the groups in this order. */
export const API_TAGS = [
  ...ACCOUNT_API_TAGS,
  USERS_TAG,
  { name: "Messages", description: "Send SMS, estimate a send, and read the message log with each message's status history." },
  SCHEDULED_TAG,
  { name: "Statistics", description: "Traffic and cost of an account and its subtree, from the daily rollup." },
  { name: "Auto-recharge", description: "Refill an account from its parent when its balance falls below a threshold." },
  OPERATOR_TAG,
  CARRIERS_TAG,
  { name: "Reference", description: "This document." },
];

export const API_OPERATIONS: ApiOperation[] = [
  ...ACCOUNT_API_OPERATIONS,
  ...USER_OPERATIONS,
  ...MESSAGE_OPERATIONS,
  ...SCHEDULED_OPERATIONS,
  ...STATISTICS_OPERATIONS,
  ...AUTO_RECHARGE_OPERATIONS,
  ...OPERATOR_OPERATIONS,
  ...CARRIER_OPERATIONS,
  ...OPENAPI_OPERATIONS,
];
