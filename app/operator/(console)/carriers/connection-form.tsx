"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useState, useTransition, type ReactNode } from "react";
import { get, useForm, useWatch, type Path, type UseFormRegisterReturn } from "react-hook-form";
import type { z } from "zod";
import { DialogFormFooter } from "@/components/ui/dialog-form-footer";
import { DialogDescription, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import type { ActionResult } from "@/lib/actions/define-action";
import type { ConnectionRow } from "@/lib/domain/carriers/queries";
import { createConnectionSchema, updateConnectionSchema, type CreateConnectionInput, type UpdateConnectionInput } from "@/lib/domain/carriers/schemas";
import { cn } from "@/lib/utils";

type TonNpi = { ton: number; npi: number };
/** Both kinds' settings in one object: switching the kind keeps what was typed; the schema keeps the chosen kind's. */
export type ConnectionFormValues = {
  /** an edit's: the schema of an edit checks it with the rest */
  connectionId?: number;
  kind: "smpp" | "http";
  name: string;
  failoverAfterSeconds: number;
  settings: {
    host: string;
    port: number;
    tls: boolean;
    systemId: string;
    systemType: string;
    bindMode: "transceiver" | "transmitter_receiver";
    binds: number;
    window: number;
    tps: number | null;
    sourceAddress: { alphanumeric: TonNpi; international: TonNpi; shortCode: TonNpi };
    enquireLinkSeconds: number;
    longMessageMethod: "udh" | "message_payload";
    baseUrl: string;
  };
  password: string;
  apiKey: string;
  callbackSecret: string;
};

export type SavedConnection = { id: number; name: string; kind: string };
export type CreateConnectionAction = (input: CreateConnectionInput) => Promise<ActionResult<SavedConnection>>;
export type UpdateConnectionAction = (input: UpdateConnectionInput) => Promise<ActionResult<SavedConnection>>;
export type EditableConnection = Extract<ConnectionRow, { kind: "smpp" | "http" }>;

const SMPP_DEFAULTS = {
  host: "",
  port: 2775,
  tls: false,
  systemId: "",
  systemType: "",
  bindMode: "transceiver",
  binds: 1,
  window: 10,
  tps: null,
  sourceAddress: { alphanumeric: { ton: 5, npi: 0 }, international: { ton: 1, npi: 1 }, shortCode: { ton: 3, npi: 0 } },
  enquireLinkSeconds: 30,
  longMessageMethod: "udh",
} as const satisfies Omit<ConnectionFormValues["settings"], "baseUrl">;

function defaultsOf(connection: EditableConnection | null): ConnectionFormValues {
  const secrets = { password: "", apiKey: "", callbackSecret: "" };
  if (!connection) return { kind: "smpp", name: "", failoverAfterSeconds: 30, settings: { ...SMPP_DEFAULTS, baseUrl: "" }, ...secrets };
  const common = { connectionId: connection.id, name: connection.name, failoverAfterSeconds: connection.failoverAfterSeconds, ...secrets };
  if (connection.kind === "http") {
    return { ...common, kind: "http", settings: { ...SMPP_DEFAULTS, baseUrl: "", ...connection.settings } };
  }
  return { ...common, kind: "smpp", settings: { ...SMPP_DEFAULTS, ...connection.settings, baseUrl: "" } };
}

/** Number fields: an empty box is "missing" (the schema says so), not 0. */
const asNumber = (v: unknown) => (v === "" || v === null || v === undefined ? undefined : Number(v));
const asNullableNumber = (v: unknown) => (v === "" || v === null || v === undefined ? null : Number(v));

/** The form's words for zod's generic refusals; the schema's own messages (host, system_id, password…) win. */
const formErrors: z.core.$ZodErrorMap = (issue) => {
  if (issue.code === "invalid_type" && issue.expected === "number") return "Enter a whole number.";
  if (issue.code === "too_small" && issue.origin === "number") return `At least ${issue.minimum}.`;
  if (issue.code === "too_big" && issue.origin === "number") return `At most ${issue.maximum}.`;
  if (issue.code === "too_big" && issue.origin === "string") return `At most ${issue.maximum} characters.`;
  if (issue.code === "invalid_format" && issue.format === "url") return "Enter the upstream's API address, e.g. https://api.sms.to.";
  return undefined;
};

const ADVANCED_FIELDS = ["settings.enquireLinkSeconds", "settings.longMessageMethod", "settings.sourceAddress", "failoverAfterSeconds"];
const selectClass = "h-9 w-full rounded-md border border-input bg-background px-3 text-sm";

/**
 * Adds or edits an SMPP or HTTP connection with the schema the action parses with. Secrets are password
 * inputs; on an edit an empty one keeps what is stored.
 */
export function ConnectionForm({ connection, create, update, onSaved, onCancel }: {
  /** null: a new connection */
  connection: EditableConnection | null;
  create?: CreateConnectionAction;
  update?: UpdateConnectionAction;
  onSaved: (saved: SavedConnection) => void;
  onCancel: () => void;
}) {
  const isEdit = connection !== null;
  const [pending, startTransition] = useTransition();
  const form = useForm<ConnectionFormValues>({
    resolver: zodResolver((isEdit ? updateConnectionSchema : createConnectionSchema) as never, { error: formErrors }) as never,
    defaultValues: defaultsOf(connection),
  });
  const kind = useWatch({ control: form.control, name: "kind" });
  const errors = form.formState.errors;
  const errorOf = (path: string): string | undefined => (get(errors, path) as { message?: string } | undefined)?.message;
  const advancedHasError = ADVANCED_FIELDS.some((p) => get(errors, p));
  const [advancedOpen, setAdvancedOpen] = useState(false);

  const onSubmit = form.handleSubmit((values) =>
    startTransition(async () => {
      const result = isEdit ? await update!(values as unknown as UpdateConnectionInput) : await create!(values as unknown as CreateConnectionInput);
      if (!result.ok) {
        if (result.code === "connection_name_taken") form.setError("name", { message: result.error });
        for (const [field, messages] of Object.entries(result.fieldErrors ?? {})) {
          if (messages?.[0] && field !== "settings") form.setError(field as Path<ConnectionFormValues>, { message: messages[0] });
        }
        form.setError("root", { message: result.error });
        return;
      }
      onSaved(result.data);
    }),
  );

  const field = (path: Path<ConnectionFormValues>, label: string, input: (described: Record<string, unknown>) => ReactNode, hint?: ReactNode, className?: string) => {
    const id = `connection-${path.replaceAll(".", "-")}`;
    const error = errorOf(path);
    return (
      <div className={cn("grid content-start gap-1.5", className)}>
        <Label htmlFor={id}>{label}</Label>
        {input({ id, "aria-invalid": error ? true : undefined, "aria-describedby": error || hint ? `${id}-note` : undefined })}
        {error ? (
          <p id={`${id}-note`} className="text-sm text-destructive">{error}</p>
        ) : hint ? (
          <p id={`${id}-note`} className="text-xs text-muted-foreground">{hint}</p>
        ) : null}
      </div>
    );
  };
  const text = (path: Path<ConnectionFormValues>, label: string, extra: React.ComponentProps<"input"> = {}, hint?: ReactNode, className?: string) =>
    field(path, label, (d) => <Input {...d} autoComplete="off" {...extra} {...form.register(path)} />, hint, className);
  const number = (path: Path<ConnectionFormValues>, label: string, hint?: ReactNode, registration?: UseFormRegisterReturn, className?: string) =>
    field(path, label, (d) => <Input {...d} type="number" inputMode="numeric" {...(registration ?? form.register(path, { setValueAs: asNumber }))} />, hint, className);
  const secret = (path: "password" | "apiKey" | "callbackSecret", label: string, hint: string) =>
    field(path, label, (d) => <Input {...d} type="password" autoComplete="new-password" {...form.register(path)} />, isEdit ? `${hint} Leave empty to keep the one stored.` : hint);
  const tonNpi = (which: "alphanumeric" | "international" | "shortCode", label: string) => (
    <fieldset className="grid grid-cols-2 gap-2 rounded-md border p-3">
      <legend className="px-1 text-xs font-medium text-muted-foreground">{label}</legend>
      {number(`settings.sourceAddress.${which}.ton`, "TON")}
      {number(`settings.sourceAddress.${which}.npi`, "NPI")}
    </fieldset>
  );

  return (
    <form onSubmit={onSubmit} noValidate className="grid gap-5" aria-busy={pending}>
      <DialogHeader>
        <DialogTitle>{isEdit ? `Edit ${connection.name}` : "Add a carrier connection"}</DialogTitle>
        <DialogDescription>
          {isEdit
            ? "Its owner rebinds with the new settings within seconds; messages waiting in its queue stay there."
            : "It takes traffic once a route names it. Passwords and keys are sealed at once and never shown again."}
        </DialogDescription>
      </DialogHeader>

      {isEdit ? null : (
        <fieldset className="grid gap-2">
          <legend className="mb-1.5 text-sm font-medium">Kind</legend>
          <div className="grid gap-2 sm:grid-cols-2">
            {([
              ["smpp", "SMPP 3.4", "A carrier's SMSC: binds, windows and delivery receipts."],
              ["http", "HTTP upstream", "SMS.to's API: SMS.to itself, or another Subledger."],
            ] as const).map(([value, title, about]) => (
              <label key={value} className="flex cursor-pointer gap-3 rounded-md border p-3 text-sm has-[:checked]:border-primary has-[:checked]:bg-primary/5">
                <input type="radio" value={value} className="mt-0.5 accent-primary" {...form.register("kind", { onChange: () => form.clearErrors() })} />
                <span>
                  <span className="block font-medium">{title}</span>
                  <span className="block text-xs text-muted-foreground">{about}</span>
                </span>
              </label>
            ))}
          </div>
        </fieldset>
      )}

      {text("name", "Name", { autoFocus: true, placeholder: kind === "smpp" ? "e.g. Acme SMSC" : "e.g. SMS.to" }, "Shown in routes, and to tenants on a message's page.")}

      {kind === "smpp" ? (
        <>
          <div className="grid gap-4 sm:grid-cols-[1fr_8rem]">
            {text("settings.host", "Host", { placeholder: "smsc.example.net", spellCheck: false }, "A host name or an IP address.")}
            {number("settings.port", "Port")}
          </div>
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" className="size-4 accent-primary" {...form.register("settings.tls")} /> Connect with TLS
          </label>
          <div className="grid gap-4 sm:grid-cols-2">
            {text("settings.systemId", "system_id", { spellCheck: false }, "The account name the carrier gave you.")}
            {secret("password", "Password", "At most 9 characters (SMPP 3.4).")}
            {text("settings.systemType", "system_type", { spellCheck: false }, "Often empty; only if the carrier asks for one.")}
            {field("settings.bindMode", "Bind mode", (d) => (
              <select {...d} className={selectClass} {...form.register("settings.bindMode")}>
                <option value="transceiver">Transceiver (one bind sends and receives)</option>
                <option value="transmitter_receiver">Transmitter + receiver</option>
              </select>
            ))}
          </div>
          <div className="grid gap-4 sm:grid-cols-3">
            {number("settings.binds", "Binds", "Opened at once, 1 to 10.")}
            {number("settings.window", "Window", "Submits awaiting an answer, per bind.")}
            {number("settings.tps", "Messages per second", "Shared by the binds; empty: no limit.", form.register("settings.tps", { setValueAs: asNullableNumber }))}
          </div>
        </>
      ) : (
        <>
          {text("settings.baseUrl", "API address", { type: "url", placeholder: "https://api.sms.to", spellCheck: false }, "https://, or http:// on a private network.")}
          <div className="grid gap-4 sm:grid-cols-2">
            {secret("apiKey", "API key", "The key the upstream gave you.")}
            {secret("callbackSecret", "Callback signing secret (optional)", "Checks the upstream's X-SMSTo-Signature; without it the callback URL's token is the proof.")}
            {number("settings.window", "Requests at once")}
            {number("settings.tps", "Messages per second", "Empty: no limit.", form.register("settings.tps", { setValueAs: asNullableNumber }))}
          </div>
        </>
      )}

      <details open={advancedOpen || advancedHasError} onToggle={(e) => setAdvancedOpen(e.currentTarget.open)} className="rounded-md border px-3 py-2">
        <summary className="cursor-pointer text-sm font-medium">Advanced</summary>
        <div className="mt-3 grid gap-4">
          {number("failoverAfterSeconds", "Fail over after (seconds)", "A route's next connection takes the traffic once this one has been down this long.")}
          {kind === "smpp" ? (
            <>
              <div className="grid gap-4 sm:grid-cols-2">
                {number("settings.enquireLinkSeconds", "enquire_link every (seconds)")}
                {field("settings.longMessageMethod", "Long messages", (d) => (
                  <select {...d} className={selectClass} {...form.register("settings.longMessageMethod")}>
                    <option value="udh">Concatenated parts (UDH)</option>
                    <option value="message_payload">One submit (message_payload)</option>
                  </select>
                ))}
              </div>
              <div className="grid gap-2">
                <p className="text-sm font-medium">Source address TON/NPI, by kind of sender id</p>
                <div className="grid gap-2 sm:grid-cols-3">
                  {tonNpi("alphanumeric", "Alphanumeric")}
                  {tonNpi("international", "International number")}
                  {tonNpi("shortCode", "Short code")}
                </div>
              </div>
            </>
          ) : null}
        </div>
      </details>

      <DialogFormFooter error={errors.root?.message} pending={pending} onCancel={onCancel} submitLabel={isEdit ? "Save changes" : "Add connection"} pendingLabel={isEdit ? "Saving…" : "Adding…"} />
    </form>
  );
}
