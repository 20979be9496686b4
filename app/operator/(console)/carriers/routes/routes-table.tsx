"use client";

import type { ColumnDef } from "@tanstack/react-table";
import { MoreHorizontal, Pencil, Plus, Trash2 } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useRef, useState } from "react";
import { DataTable } from "@/components/data-table/data-table";
import { countryName } from "@/components/messages/country-name";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { DialogReturnFocus } from "@/components/ui/dialog";
import { FormDialog } from "@/components/ui/form-dialog";
import { DropdownMenu, DropdownMenuContent, DropdownMenuItem, DropdownMenuLabel, DropdownMenuSeparator, DropdownMenuTrigger } from "@/components/ui/dropdown-menu";
import { toast } from "@/components/ui/toaster";
import { ConfirmDialog } from "@/components/team/confirm-dialog";
import type { ActionResult } from "@/lib/actions/define-action";
import type { RouteRow } from "@/lib/domain/carriers/queries";
import { RouteForm, type ConnectionChoice, type SetRouteAction } from "./route-form";

export type RouteActions = { set: SetRouteAction; remove: (input: { routeId: number }) => Promise<ActionResult<unknown>> };

/** What a destination covers, in words. */
const covers = (r: RouteRow) => (r.match === "prefix" ? "number prefix" : r.match === "country" ? countryName(r.destination) : "every other destination");

/** "Add route": the form in a dialog. */
export function AddRouteButton({ choices, action }: { choices: ConnectionChoice[]; action: SetRouteAction }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button onClick={() => setOpen(true)}><Plus className="size-4" aria-hidden /> Add route</Button>
      <RouteDialog open={open} onOpenChange={setOpen} route={null} choices={choices} action={action} />
    </>
  );
}

function RouteDialog({ open, onOpenChange, route, choices, action }: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  route: RouteRow | null;
  choices: ConnectionChoice[];
  action: SetRouteAction;
}) {
  const router = useRouter();
  return (
    <FormDialog open={open} onOpenChange={onOpenChange} className="sm:max-w-xl">
      <RouteForm
        route={route}
        choices={choices}
        action={action}
        onCancel={() => onOpenChange(false)}
        onSaved={(destination) => {
          toast.success(`The route for ${destination} is saved.`);
          onOpenChange(false);
          router.refresh();
        }}
      />
    </FormDialog>
  );
}

function RouteMenu({ route, choices, actions }: { route: RouteRow; choices: ConnectionChoice[]; actions: RouteActions }) {
  const router = useRouter();
  const [open, setOpen] = useState<"edit" | "remove" | null>(null);
  const menuButton = useRef<HTMLButtonElement>(null);
  return (
    <DialogReturnFocus to={menuButton}>
      <DropdownMenu>
        <DropdownMenuTrigger asChild>
          <Button ref={menuButton} variant="ghost" size="icon" aria-label={`Actions for the route ${route.destination}`}>
            <MoreHorizontal className="size-4" aria-hidden />
          </Button>
        </DropdownMenuTrigger>
        <DropdownMenuContent align="end" className="w-44">
          <DropdownMenuLabel>Route {route.destination}</DropdownMenuLabel>
          <DropdownMenuItem onSelect={() => setOpen("edit")}><Pencil className="size-4" aria-hidden /> Edit</DropdownMenuItem>
          <DropdownMenuSeparator />
          <DropdownMenuItem variant="destructive" onSelect={() => setOpen("remove")}><Trash2 className="size-4" aria-hidden /> Remove</DropdownMenuItem>
        </DropdownMenuContent>
      </DropdownMenu>
      <RouteDialog open={open === "edit"} onOpenChange={(o) => setOpen(o ? "edit" : null)} route={route} choices={choices} action={actions.set} />
      <ConfirmDialog
        open={open === "remove"}
        onOpenChange={(o) => setOpen(o ? "remove" : null)}
        title={`Remove the route for ${route.destination}?`}
        description={<p>Its destinations fall to the next route that matches them (a shorter prefix, their country, or *); with none, sends to them are refused.</p>}
        confirmLabel="Remove route"
        destructive
        onConfirm={async () => {
          const result = await actions.remove({ routeId: route.id });
          if (!result.ok) return result.error;
          toast.success(`The route for ${route.destination} is removed.`);
          router.refresh();
          return null;
        }}
      />
    </DialogReturnFocus>
  );
}

/** The routes in the order a destination is matched against them. */
export function RoutesTable({ rows, choices, actions, empty }: { rows: RouteRow[]; choices: ConnectionChoice[]; actions: RouteActions; empty: React.ReactNode }) {
  const columns: ColumnDef<RouteRow, unknown>[] = [
    { id: "order", header: "#", meta: { className: "w-10 text-right", card: "skip" }, cell: ({ row }) => <span className="text-muted-foreground tabular-nums">{row.index + 1}</span> },
    {
      id: "destination",
      header: "Destination",
      meta: { pin: "left" },
      cell: ({ row }) => (
        <div className="min-w-28">
          <code className="font-mono font-medium">{row.original.destination}</code>
          <div className="text-xs text-muted-foreground">{covers(row.original)}</div>
        </div>
      ),
    },
    {
      id: "connections",
      header: "Connections, in order",
      meta: { card: "wide", className: "whitespace-normal" },
      cell: ({ row }) => (
        <ol className="flex flex-wrap items-center gap-x-1 gap-y-1 text-sm">
          {row.original.connections.map((c, i) => (
            <li key={c.id} className="flex items-center gap-1">
              {i > 0 ? <span aria-hidden className="text-muted-foreground">→</span> : null}
              <Link href={`/operator/carriers/${c.id}`} className="hover:underline">{c.name}</Link>
              {c.paused ? <Badge variant="outline">paused</Badge> : null}
            </li>
          ))}
        </ol>
      ),
    },
    { id: "actions", header: () => <span className="sr-only">Actions</span>, meta: { pin: "right", label: "Actions" }, cell: ({ row }) => <RouteMenu route={row.original} choices={choices} actions={actions} /> },
  ];
  return <DataTable columns={columns} rows={rows} total={rows.length} caption="Carrier routes, in matching order" getRowId={(r) => String(r.id)} empty={empty} />;
}
