import type { Metadata } from "next";
import { requireOperatorPage } from "@/lib/auth/operator-access";
import { listConnections } from "@/lib/domain/carriers/queries";
import { AddConnectionButton } from "./connection-actions";
import { createConnectionAction } from "./actions";
import { CONNECTION_ACTIONS } from "./connection-action-set";
import { CarriersHeader } from "./carriers-header";
import { ConnectionsTable } from "./connections-table";
import { LiveRefresh } from "./live-refresh";

export const metadata: Metadata = { title: "Carriers" };

export default async function CarriersPage() {
  await requireOperatorPage("/operator/carriers");
  const { rows } = await listConnections();
  const hasCarrier = rows.some((r) => r.kind !== "sandbox");
  return (
    <div className="space-y-4">
      <CarriersHeader
        current="connections"
        about={
          <>
            The connections messages leave the platform through (SMPP binds to a carrier, or an HTTP upstream speaking SMS.to&apos;s API), and the
            routes that pick one for each destination. One instance owns each connection at a time.
          </>
        }
        action={<AddConnectionButton action={createConnectionAction} />}
      />
      {hasCarrier ? null : (
        <div className="rounded-lg border border-dashed bg-card p-4 text-sm">
          <p className="font-medium">Only the sandbox so far</p>
          <p className="mt-1 text-muted-foreground">
            Add the SMPP account or the HTTP upstream your carrier gave you, test it, then route destinations to it on the Routes tab.
          </p>
        </div>
      )}
      <ConnectionsTable rows={rows} actions={CONNECTION_ACTIONS} />
      <LiveRefresh renderedAt={new Date().toISOString()} />
    </div>
  );
}
