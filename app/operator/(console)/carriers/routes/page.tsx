import type { Metadata } from "next";
import { requireOperatorPage } from "@/lib/auth/operator-access";
import { listConnections, listRoutes } from "@/lib/domain/carriers/queries";
import { unroutedGoToSandbox } from "@/lib/domain/carriers/routing";
import { removeRouteAction, setRouteAction } from "../actions";
import { CarriersHeader } from "../carriers-header";
import { AddRouteButton, RoutesTable } from "./routes-table";

export const metadata: Metadata = { title: "Carrier routes" };

export default async function CarrierRoutesPage() {
  await requireOperatorPage("/operator/carriers/routes");
  const [routes, connections] = await Promise.all([listRoutes(), listConnections()]);
  const choices = connections.rows.map((c) => ({ id: c.id, name: c.name, kind: c.kind, paused: c.paused }));
  const toSandbox = unroutedGoToSandbox();
  return (
    <div className="space-y-4">
      <CarriersHeader
        current="routes"
        about={
          <>
            A recipient takes the route of the longest number prefix it starts with, else its country&apos;s, else *; that route&apos;s first
            connection that is up sends it, the next one when it is paused or down.{" "}
            {toSandbox
              ? "A destination no route matches goes to the sandbox here (MESSAGE_DRIVER=sandbox); in production it is refused before it is charged."
              : "A destination no route matches is refused before it is charged."}
          </>
        }
        action={<AddRouteButton choices={choices} action={setRouteAction} />}
      />
      <RoutesTable
        rows={routes.rows}
        choices={choices}
        actions={{ set: setRouteAction, remove: removeRouteAction }}
        empty={
          <div>
            <p className="font-medium text-foreground">No routes yet</p>
            <p className="mt-1 text-sm">Add one: * with a single connection sends every destination through it; add countries or prefixes for the exceptions.</p>
          </div>
        }
      />
    </div>
  );
}
