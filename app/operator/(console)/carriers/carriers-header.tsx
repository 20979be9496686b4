import type { ReactNode } from "react";
import { TabLinks } from "@/components/ui/tab-links";

/** The carriers section's title, what the tab is about, its main button, and the Connections | Routes tabs. */
export function CarriersHeader({ current, about, action }: { current: "connections" | "routes"; about: ReactNode; action: ReactNode }) {
  return (
    <>
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">Carriers</h1>
          <p className="max-w-3xl text-sm text-muted-foreground">{about}</p>
        </div>
        {action}
      </div>
      <TabLinks
        label="Carriers"
        tabs={[
          { href: "/operator/carriers", label: "Connections", active: current === "connections" },
          { href: "/operator/carriers/routes", label: "Routes", active: current === "routes" },
        ]}
      />
    </>
  );
}
