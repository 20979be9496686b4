"use client";

import { FlaskConical, MoreHorizontal, Pause, Pencil, Play, Plus, Trash2 } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { DialogReturnFocus } from "@/components/ui/dialog";
import { DropdownMenu, DropdownMenuContent, DropdownMenuItem, DropdownMenuLabel, DropdownMenuSeparator, DropdownMenuTrigger } from "@/components/ui/dropdown-menu";
import { FormDialog } from "@/components/ui/form-dialog";
import { toast } from "@/components/ui/toaster";
import { ConfirmDialog } from "@/components/team/confirm-dialog";
import type { ActionResult } from "@/lib/actions/define-action";
import type { ConnectionRow } from "@/lib/domain/carriers/queries";
import type { ConnectionTestResult } from "@/lib/domain/carriers/test-connection";
import { ConnectionForm, type CreateConnectionAction, type UpdateConnectionAction } from "./connection-form";
import { TestConnectionDialog } from "./test-connection-dialog";

export type ConnectionActions = {
  update: UpdateConnectionAction;
  setPaused: (input: { connectionId: number; paused: boolean }) => Promise<ActionResult<unknown>>;
  remove: (input: { connectionId: number }) => Promise<ActionResult<unknown>>;
  test: (input: { connectionId: number }) => Promise<ActionResult<ConnectionTestResult>>;
};

/** "Add connection": the form in a dialog; a new connection opens on its own page (its callback URL, its test). */
export function AddConnectionButton({ action }: { action: CreateConnectionAction }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button onClick={() => setOpen(true)}><Plus className="size-4" aria-hidden /> Add connection</Button>
      <FormDialog open={open} onOpenChange={setOpen} className="sm:max-w-2xl">
        <ConnectionForm
          connection={null}
          create={action}
          onCancel={() => setOpen(false)}
          onSaved={(saved) => {
            toast.success(`${saved.name} added. Route destinations to it to give it traffic.`);
            setOpen(false);
            router.push(`/operator/carriers/${saved.id}`);
          }}
        />
      </FormDialog>
    </>
  );
}

type Open = "edit" | "test" | "pause" | "remove" | null;

/**
 * What can be done to a connection (test, edit, pause or resume, remove), as a row's menu or as the buttons of
 * its page; the dialogs are the same either way. The sandbox can only be tested.
 */
export function ConnectionControls({ connection, actions, layout, afterRemove }: {
  connection: ConnectionRow;
  actions: ConnectionActions;
  layout: "menu" | "buttons";
  /** where to go once it is removed (its own page no longer exists) */
  afterRemove?: string;
}) {
  const router = useRouter();
  const [open, setOpenState] = useState<Open>(null);
  // focus goes back to what opened the dialog: the row's menu button, or the page's button that was pressed
  const opener = useRef<HTMLElement | null>(null);
  const setOpen = (which: Open) => {
    if (which && layout === "buttons" && document.activeElement instanceof HTMLElement) opener.current = document.activeElement;
    setOpenState(which);
  };
  const isSandbox = connection.kind === "sandbox";
  const openAs = (which: Open) => (o: boolean) => setOpen(o ? which : null);

  const resume = async () => {
    const result = await actions.setPaused({ connectionId: connection.id, paused: false });
    if (!result.ok) return void toast.error(result.error);
    toast.success(`${connection.name} resumed: an instance binds it within seconds.`);
    router.refresh();
  };
  const togglePause = () => (connection.paused ? void resume() : setOpen("pause"));

  const controls =
    layout === "menu" ? (
      <DropdownMenu>
        <DropdownMenuTrigger asChild>
          <Button ref={(el) => void (opener.current = el)} variant="ghost" size="icon" aria-label={`Actions for ${connection.name}`}>
            <MoreHorizontal className="size-4" aria-hidden />
          </Button>
        </DropdownMenuTrigger>
        <DropdownMenuContent align="end" className="w-48">
          <DropdownMenuLabel className="truncate">{connection.name}</DropdownMenuLabel>
          <DropdownMenuItem asChild><Link href={`/operator/carriers/${connection.id}`}>Open</Link></DropdownMenuItem>
          <DropdownMenuItem onSelect={() => setOpen("test")}><FlaskConical className="size-4" aria-hidden /> Test</DropdownMenuItem>
          {isSandbox ? null : (
            <>
              <DropdownMenuItem onSelect={() => setOpen("edit")}><Pencil className="size-4" aria-hidden /> Edit</DropdownMenuItem>
              <DropdownMenuItem onSelect={togglePause}>
                {connection.paused ? <Play className="size-4" aria-hidden /> : <Pause className="size-4" aria-hidden />} {connection.paused ? "Resume" : "Pause"}
              </DropdownMenuItem>
              <DropdownMenuSeparator />
              <DropdownMenuItem variant="destructive" onSelect={() => setOpen("remove")}><Trash2 className="size-4" aria-hidden /> Remove</DropdownMenuItem>
            </>
          )}
        </DropdownMenuContent>
      </DropdownMenu>
    ) : (
      <div className="flex flex-wrap gap-2">
        <Button variant="outline" onClick={() => setOpen("test")}><FlaskConical className="size-4" aria-hidden /> Test</Button>
        {isSandbox ? null : (
          <>
            <Button variant="outline" onClick={() => setOpen("edit")}><Pencil className="size-4" aria-hidden /> Edit</Button>
            <Button variant="outline" onClick={togglePause}>
              {connection.paused ? <Play className="size-4" aria-hidden /> : <Pause className="size-4" aria-hidden />} {connection.paused ? "Resume" : "Pause"}
            </Button>
            <Button variant="outline" className="text-destructive" onClick={() => setOpen("remove")}><Trash2 className="size-4" aria-hidden /> Remove</Button>
          </>
        )}
      </div>
    );

  const waiting = connection.state.queueDepth;
  const removeBlocked =
    connection.routes.length > 0
      ? `Routes use it (${connection.routes.join(", ")}): take it out of them on the Routes tab first.`
      : waiting > 0
        ? `${waiting} message${waiting === 1 ? "" : "s"} wait in its queue: pause it so they move to their routes' next connection, then remove it.`
        : null;

  return (
    <DialogReturnFocus to={opener}>
      {controls}
      <TestConnectionDialog open={open === "test"} onOpenChange={openAs("test")} name={connection.name} run={() => actions.test({ connectionId: connection.id })} />
      {connection.kind === "sandbox" ? null : (
        <>
          <FormDialog open={open === "edit"} onOpenChange={openAs("edit")} className="sm:max-w-2xl">
            <ConnectionForm
              connection={connection}
              update={actions.update}
              onCancel={() => setOpen(null)}
              onSaved={(saved) => {
                toast.success(`${saved.name} saved.`);
                setOpen(null);
                router.refresh();
              }}
            />
          </FormDialog>
          <ConfirmDialog
            open={open === "pause"}
            onOpenChange={openAs("pause")}
            title={`Pause ${connection.name}?`}
            description={
              <p>
                Its owner unbinds. Routes that list another connection after it use that one, and what waits in its queue moves there; a route with
                no other connection keeps its messages waiting until you resume it.
              </p>
            }
            confirmLabel="Pause connection"
            onConfirm={async () => {
              const result = await actions.setPaused({ connectionId: connection.id, paused: true });
              if (!result.ok) return result.error;
              toast.success(`${connection.name} is paused.`);
              router.refresh();
              return null;
            }}
          />
          <ConfirmDialog
            open={open === "remove"}
            onOpenChange={openAs("remove")}
            title={`Remove ${connection.name}?`}
            description={
              removeBlocked ? (
                <p>{removeBlocked}</p>
              ) : (
                <p>Its owner unbinds and its password or key is erased. The messages it carried keep its name. This cannot be undone.</p>
              )
            }
            blocked={removeBlocked !== null}
            confirmLabel="Remove connection"
            destructive
            onConfirm={async () => {
              const result = await actions.remove({ connectionId: connection.id });
              if (!result.ok) return result.error;
              toast.success(`${connection.name} is removed.`);
              if (afterRemove) router.push(afterRemove);
              else router.refresh();
              return null;
            }}
          />
        </>
      )}
    </DialogReturnFocus>
  );
}
