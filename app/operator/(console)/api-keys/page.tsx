import type { Metadata } from "next";
import { requireOperatorPage } from "@/lib/auth/operator-access";
import { listOperatorKeys } from "@/lib/domain/platform/queries";
import { createOperatorKeyAction, revokeOperatorKeyAction } from "../actions";
import { OperatorKeys } from "./operator-keys";

export const metadata: Metadata = { title: "API keys" };

export default async function OperatorApiKeysPage() {
  await requireOperatorPage("/operator/api-keys");
  const keys = await listOperatorKeys();
  return (
    <div className="max-w-5xl space-y-4">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Operator API keys</h1>
        <p className="max-w-3xl text-sm text-muted-foreground">
          For your billing and provisioning systems: an operator key reaches <code className="text-xs">/api/v1/operator/…</code> (tenants, payments, carriers)
          and records payments through <code className="text-xs">/api/v1/accounts/&#123;id&#125;/topup</code>; it never acts inside a tenant&apos;s accounts.
          A key is shown once, when it is created.
        </p>
      </div>
      <OperatorKeys keys={keys} actions={{ create: createOperatorKeyAction, revoke: revokeOperatorKeyAction }} />
    </div>
  );
}
