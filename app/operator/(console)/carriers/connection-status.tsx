import { Badge } from "@/components/ui/badge";
import type { ConnectionRow } from "@/lib/domain/carriers/queries";

type Variant = "success" | "warning" | "destructive" | "secondary" | "outline";

export const KIND_LABEL = { smpp: "SMPP", http: "HTTP upstream", sandbox: "Sandbox" } as const;

/** What an owner may report, in words and what it means; anything else shows as it came, underscores as spaces. */
const REPORTED: Record<string, { label: string; variant: Variant; about: string }> = {
  ready: { label: "ready", variant: "success", about: "It answers: messages go out as they come." },
  bound: { label: "bound", variant: "success", about: "Its binds are up: messages go out as they come." },
  connecting: { label: "connecting", variant: "secondary", about: "Its owner is connecting to the carrier." },
  binding: { label: "binding", variant: "secondary", about: "Its owner is binding to the carrier." },
  auth_failed: { label: "auth failed", variant: "destructive", about: "The carrier refused our credentials: nothing is sent until they are fixed." },
  no_credit: { label: "no credit", variant: "destructive", about: "The upstream says our balance is used up: nothing is sent until it is topped up." },
  backoff: { label: "reconnecting", variant: "warning", about: "The link dropped: its owner binds again, with growing pauses; messages wait." },
  failing: { label: "failing", variant: "warning", about: "Recent requests failed; messages wait and are tried again." },
  throttled: { label: "throttled", variant: "warning", about: "The carrier asked us to slow down." },
  stopped: { label: "stopped", variant: "outline", about: "Its owner is stopping." },
};

/** The badge's words and colour for a connection's state: "bound 2/3" when its binds say more than its status. */
export function statusOf(c: Pick<ConnectionRow, "kind" | "state">): { label: string; variant: Variant; hint: string } {
  const s = c.state;
  switch (s.status) {
    case "paused":
      return { label: "paused", variant: "outline", hint: "Paused: its routes use their next connection." };
    case "sandbox":
      return { label: "always on", variant: "secondary", hint: "The sandbox simulates delivery; nothing leaves the platform." };
    case "misconfigured":
      return { label: "misconfigured", variant: "destructive", hint: "Its settings or secret cannot be used (see its last error): edit it." };
    case "no_owner":
      return {
        label: "no owner",
        variant: "warning",
        hint: `${s.heartbeatAgeSeconds === null ? "No instance has taken it yet" : `No instance has reported for it for ${s.heartbeatAgeSeconds} s`}: what is queued for it waits, and its routes fail over once it has been down long enough.`,
      };
  }
  const known = REPORTED[s.status];
  // an SMPP link's binds say more than "ready"; a refusal by the carrier says more than its binds
  if (c.kind === "smpp" && s.totalBinds > 0 && known?.variant !== "destructive") {
    const variant = s.boundBinds === s.totalBinds ? "success" : s.boundBinds > 0 ? "warning" : "destructive";
    return { label: `bound ${s.boundBinds}/${s.totalBinds}`, variant, hint: `${s.boundBinds} of ${s.totalBinds} binds are up.` };
  }
  if (known) return { label: known.label, variant: known.variant, hint: known.about };
  return { label: s.status.replaceAll("_", " "), variant: "outline", hint: `Its owner reports "${s.status}".` };
}

export function ConnectionStatusBadge({ connection }: { connection: Pick<ConnectionRow, "kind" | "state"> }) {
  const { label, variant, hint } = statusOf(connection);
  return <Badge variant={variant} title={hint}>{label}</Badge>;
}

/** A count over the last minute as a rate per second, one decimal: what the link does now. */
export const perSecond = (lastMinute: number) => (lastMinute / 60).toLocaleString("en-US", { minimumFractionDigits: 1, maximumFractionDigits: 1 });

export const dateTime = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "medium", timeZone: "UTC" });
