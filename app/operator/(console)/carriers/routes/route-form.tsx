"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { ArrowDown, ArrowUp, X } from "lucide-react";
import { useState, useTransition } from "react";
import { useForm, useWatch } from "react-hook-form";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { DialogDescription, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { DialogFormFooter } from "@/components/ui/dialog-form-footer";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import type { ActionResult } from "@/lib/actions/define-action";
import type { RouteRow } from "@/lib/domain/carriers/queries";
import { setRouteSchema, type SetRouteInput } from "@/lib/domain/carriers/schemas";

export type ConnectionChoice = { id: number; name: string; kind: "sandbox" | "smpp" | "http"; paused: boolean };
export type SetRouteAction = (input: SetRouteInput) => Promise<ActionResult<{ id: number; destination: string; connections: string }>>;
type Values = { destination: string; connectionIds: number[] };

/**
 * A route's destination and its connections in the order they are tried. The order is a list with up and down
 * buttons (each names what it moves), so a keyboard does all of it.
 */
export function RouteForm({ route, choices, action, onSaved, onCancel }: {
  /** null: a new route */
  route: RouteRow | null;
  choices: ConnectionChoice[];
  action: SetRouteAction;
  onSaved: (destination: string) => void;
  onCancel: () => void;
}) {
  const [pending, startTransition] = useTransition();
  const form = useForm<Values>({
    resolver: zodResolver(setRouteSchema) as never,
    defaultValues: { destination: route?.destination ?? "", connectionIds: route?.connections.map((c) => c.id) ?? [] },
  });
  const chosen = useWatch({ control: form.control, name: "connectionIds" });
  const byId = new Map(choices.map((c) => [c.id, c]));
  const left = choices.filter((c) => !chosen.includes(c.id));
  const [toAdd, setToAdd] = useState<string>("");
  const [announce, setAnnounce] = useState("");
  const errors = form.formState.errors;
  const listError = errors.connectionIds?.message ?? errors.connectionIds?.root?.message;

  const setChosen = (next: number[], said: string) => {
    form.setValue("connectionIds", next, { shouldDirty: true, shouldValidate: form.formState.isSubmitted });
    setAnnounce(said);
  };
  const nameOf = (id: number) => byId.get(id)?.name ?? `#${id}`;
  const move = (index: number, by: -1 | 1) => {
    const next = [...chosen];
    [next[index], next[index + by]] = [next[index + by], next[index]];
    setChosen(next, `${nameOf(chosen[index])} is now number ${index + by + 1}.`);
  };
  const add = () => {
    const id = Number(toAdd || left[0]?.id);
    if (!id || chosen.includes(id)) return;
    setChosen([...chosen, id], `${nameOf(id)} added as number ${chosen.length + 1}.`);
    setToAdd("");
  };

  const onSubmit = form.handleSubmit((values) =>
    startTransition(async () => {
      const result = await action({ ...values, routeId: route?.id });
      if (!result.ok) {
        if (result.fieldErrors?.destination?.[0]) form.setError("destination", { message: result.fieldErrors.destination[0] });
        if (result.fieldErrors?.connectionIds?.[0]) form.setError("connectionIds", { message: result.fieldErrors.connectionIds[0] });
        if (result.code === "route_exists") form.setError("destination", { message: result.error });
        form.setError("root", { message: result.error });
        return;
      }
      onSaved(result.data.destination);
    }),
  );

  return (
    <form onSubmit={onSubmit} noValidate className="grid gap-5" aria-busy={pending}>
      <DialogHeader>
        <DialogTitle>{route ? `Edit the route for ${route.destination}` : "Add a route"}</DialogTitle>
        <DialogDescription>The first connection that is up takes a message; the next one when it is paused, down too long, or asks to slow down.</DialogDescription>
      </DialogHeader>
      <div className="grid gap-1.5">
        <Label htmlFor="route-destination">Destination</Label>
        <Input id="route-destination" autoFocus autoComplete="off" spellCheck={false} placeholder="GB, 4477 or *"
          aria-invalid={errors.destination ? true : undefined} aria-describedby="route-destination-note" {...form.register("destination")} />
        <p id="route-destination-note" className={errors.destination ? "text-sm text-destructive" : "text-xs text-muted-foreground"}>
          {errors.destination?.message ?? "* for every other destination, a country code such as GB, or a number prefix such as 4477 (country code first, no +)."}
        </p>
      </div>

      <fieldset className="grid gap-2" aria-describedby="route-connections-note">
        <legend className="mb-1 text-sm font-medium">Connections, in the order they are tried</legend>
        {chosen.length === 0 ? (
          <p className="rounded-md border border-dashed px-3 py-3 text-sm text-muted-foreground">None yet: add the first one below.</p>
        ) : (
          <ol className="divide-y rounded-md border" aria-label="Connections in order">
            {chosen.map((id, index) => {
              const c = byId.get(id);
              return (
                <li key={id} className="flex items-center gap-2 px-3 py-2 text-sm">
                  <span className="w-5 shrink-0 text-right text-muted-foreground tabular-nums">{index + 1}.</span>
                  <span className="min-w-0 flex-1 truncate font-medium">{nameOf(id)}</span>
                  {c?.paused ? <Badge variant="outline">paused</Badge> : null}
                  <Button type="button" variant="ghost" size="icon" className="size-8" disabled={index === 0} onClick={() => move(index, -1)} aria-label={`Move ${nameOf(id)} up`}>
                    <ArrowUp className="size-4" aria-hidden />
                  </Button>
                  <Button type="button" variant="ghost" size="icon" className="size-8" disabled={index === chosen.length - 1} onClick={() => move(index, 1)} aria-label={`Move ${nameOf(id)} down`}>
                    <ArrowDown className="size-4" aria-hidden />
                  </Button>
                  <Button type="button" variant="ghost" size="icon" className="size-8" onClick={() => setChosen(chosen.filter((x) => x !== id), `${nameOf(id)} taken out.`)} aria-label={`Take ${nameOf(id)} out`}>
                    <X className="size-4" aria-hidden />
                  </Button>
                </li>
              );
            })}
          </ol>
        )}
        {left.length > 0 ? (
          <div className="flex flex-wrap items-end gap-2">
            <div className="grid min-w-48 flex-1 gap-1.5">
              <Label htmlFor="route-add">Add a connection</Label>
              <select id="route-add" value={toAdd || String(left[0].id)} onChange={(e) => setToAdd(e.target.value)} className="h-9 rounded-md border border-input bg-background px-3 text-sm">
                {left.map((c) => <option key={c.id} value={c.id}>{c.name}{c.paused ? " (paused)" : ""}</option>)}
              </select>
            </div>
            <Button type="button" variant="outline" onClick={add}>Add</Button>
          </div>
        ) : null}
        <p id="route-connections-note" className={listError ? "text-sm text-destructive" : "text-xs text-muted-foreground"}>
          {listError ?? "A message already waiting for one carrier moves only to another carrier, never to the sandbox."}
        </p>
        <p className="sr-only" aria-live="polite">{announce}</p>
      </fieldset>

      <DialogFormFooter error={errors.root?.message} pending={pending} onCancel={onCancel} submitLabel={route ? "Save route" : "Add route"} pendingLabel="Saving…" />
    </form>
  );
}
