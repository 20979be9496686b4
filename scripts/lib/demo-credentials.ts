// The demo sign-in and API key that `npm run dev` prints and the e2e tests use. Demo data only.
import { apiKeyFromParts } from "../../lib/domain/api-keys/api-key-format.ts";

export const DEMO = {
  tenantName: "Acme Messaging",
  ownerEmail: "owner@acme.test",
  ownerName: "Olivia Owner",
  password: "subledger-demo",
  // the platform's operator above the demo tenant (same password): opens tenants, records their payments
  platformName: "Subledger demo platform",
  operatorEmail: "operator@subledger.test",
  operatorName: "Pat Operator",
  // a fixed, documented demo key so that the launcher can print it on every start (only its hash is stored)
  apiKey: apiKeyFromParts("de30de30de30de30", "acce55ed0000dead0000beef0000c0ffee000001"),
} as const;
