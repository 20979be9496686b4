import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { requireOperatorPage } from "@/lib/auth/operator-access";
import { getConnection, type ConnectionRow } from "@/lib/domain/carriers/queries";
import { NotFoundError } from "@/lib/domain/errors";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { CopyButton } from "@/components/ui/copy-button";
import { ConnectionControls } from "../connection-actions";
import { CONNECTION_ACTIONS } from "../connection-action-set";
import { ConnectionStatusBadge, dateTime, KIND_LABEL, perSecond, statusOf } from "../connection-status";
import { LiveRefresh } from "../live-refresh";

export const metadata: Metadata = { title: "Carrier connection" };

const PG_INT_MAX = 2_147_483_647;
const number = (n: number) => n.toLocaleString("en-US");
const tonNpi = (t: { ton: number; npi: number }) => `TON ${t.ton}, NPI ${t.npi}`;
const rate = (tps: number | null) => (tps === null ? "no limit" : `${number(tps)} per second`);

function Figure({ label, value, note }: { label: string; value: ReactNode; note?: ReactNode }) {
  return (
    <Card className="gap-1">
      <CardHeader>
        <CardDescription>{label}</CardDescription>
        <CardTitle className="text-2xl tabular-nums">{value}</CardTitle>
      </CardHeader>
      {note ? <CardContent className="text-sm text-muted-foreground">{note}</CardContent> : null}
    </Card>
  );
}

/** The stored settings as label and value, never a secret: only whether one is set. */
function settingsList(c: ConnectionRow): [string, ReactNode][] {
  const failover: [string, ReactNode] = ["Fail over after", `${number(c.failoverAfterSeconds)} s down`];
  if (c.kind === "sandbox") return [["Delivery", "Simulated: queued → sent → delivered, nothing leaves the platform"]];
  if (!c.settings) return [["Settings", "The stored settings cannot be read: edit the connection to replace them."], failover];
  if (c.kind === "http") {
    const s = c.settings;
    return [
      ["API address", <code key="url" className="font-mono text-xs break-all">{s.baseUrl}</code>],
      ["API key", c.hasSecret ? "set" : "not set: edit to enter it"],
      ["Callback signing secret", c.hasCallbackSecret ? "set: callbacks must carry a valid X-SMSTo-Signature" : "none: the callback URL's token is the proof"],
      ["Requests at once", number(s.window)],
      ["Rate", rate(s.tps)],
      failover,
    ];
  }
  const s = c.settings;
  return [
    ["Host", <code key="host" className="font-mono text-xs break-all">{s.host}:{s.port}</code>],
    ["TLS", s.tls ? "yes" : "no"],
    ["system_id", <code key="sid" className="font-mono text-xs">{s.systemId}</code>],
    ["system_type", s.systemType ? <code key="st" className="font-mono text-xs">{s.systemType}</code> : "empty"],
    ["Password", c.hasSecret ? "set" : "not set: edit to enter it"],
    ["Binds", `${s.binds} × ${s.bindMode === "transceiver" ? "transceiver" : "transmitter + receiver"}, window ${s.window} each`],
    ["Rate", `${rate(s.tps)}, shared by the binds`],
    ["enquire_link", `every ${s.enquireLinkSeconds} s`],
    ["Long messages", s.longMessageMethod === "udh" ? "concatenated parts (UDH)" : "one submit (message_payload)"],
    ["Source address", `alphanumeric ${tonNpi(s.sourceAddress.alphanumeric)}; international ${tonNpi(s.sourceAddress.international)}; short code ${tonNpi(s.sourceAddress.shortCode)}`],
    failover,
  ];
}

export default async function ConnectionPage({ params }: PageProps<"/operator/carriers/[connectionId]">) {
  const raw = (await params).connectionId;
  await requireOperatorPage(`/operator/carriers/${raw}`);
  if (!/^[1-9]\d{0,9}$/.test(raw) || Number(raw) > PG_INT_MAX) notFound();
  const connection = await getConnection(Number(raw)).catch((err) => {
    if (err instanceof NotFoundError) notFound();
    throw err;
  });
  const s = connection.state;
  const status = statusOf(connection);
  return (
    <div className="space-y-6">
      <nav aria-label="Breadcrumb" className="text-sm text-muted-foreground">
        <Link href="/operator/carriers" className="hover:underline">Carriers</Link> <span aria-hidden>/</span>{" "}
        <span aria-current="page" className="text-foreground">{connection.name}</span>
      </nav>
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0 space-y-1">
          <h1 className="flex flex-wrap items-center gap-2 text-2xl font-semibold tracking-tight break-words">
            {connection.name} <Badge variant="outline">{KIND_LABEL[connection.kind]}</Badge> <ConnectionStatusBadge connection={connection} />
          </h1>
          <p className="text-sm text-muted-foreground">
            Connection #{connection.id} · added {dateTime.format(new Date(connection.createdAt))} UTC · changed {dateTime.format(new Date(connection.updatedAt))} UTC
          </p>
        </div>
        <ConnectionControls connection={connection} actions={CONNECTION_ACTIONS} layout="buttons" afterRemove="/operator/carriers" />
      </div>
      {connection.paused ? (
        <p role="status" className="rounded-md border border-warning/50 bg-warning/10 px-3 py-2 text-sm">
          Paused: no instance binds it, and its routes use their next connection. Resume it to give it traffic again.
        </p>
      ) : null}

      <section aria-labelledby="live" className="space-y-3">
        <div className="flex flex-wrap items-baseline justify-between gap-2">
          <h2 id="live" className="text-lg font-semibold">Now</h2>
          <LiveRefresh renderedAt={new Date().toISOString()} />
        </div>
        <div className="grid gap-4 sm:grid-cols-2 xl:grid-cols-4">
          <Figure
            label="State"
            value={<span className="text-xl">{status.label}</span>}
            note={
              <>
                {status.hint}
                {s.heartbeatAgeSeconds !== null && s.status !== "paused" ? <span className="block">Owner&apos;s last report {number(s.heartbeatAgeSeconds)} s ago.</span> : null}
                {s.unboundSince ? <span className="block">Down since {dateTime.format(new Date(s.unboundSince))} UTC.</span> : null}
              </>
            }
          />
          <Figure label="In flight · queue" value={`${number(s.inFlight)} · ${number(s.queueDepth)}`} note="Awaiting the carrier's answer · waiting to be sent." />
          <Figure
            label="Sent · receipts per second"
            value={`${perSecond(s.submitsLastMinute)} · ${perSecond(s.receiptsLastMinute)}`}
            note={`Over the last minute: ${number(s.submitsLastMinute)} submits, ${number(s.receiptsLastMinute)} receipts.`}
          />
          <Figure
            label="Throttled · unmatched receipts"
            value={`${number(s.throttled)} · ${number(s.unmatchedReceipts)}`}
            note="Refusals to slow down, and receipts no sent part was found for (about a minute of tries)."
          />
        </div>
        {s.lastError ? (
          <div role="note" className="rounded-md border border-destructive/40 bg-destructive/5 px-3 py-2 text-sm">
            <span className="font-medium">Last error</span>
            {s.lastErrorAt ? <span className="text-muted-foreground"> at {dateTime.format(new Date(s.lastErrorAt))} UTC</span> : null}:{" "}
            <span className="break-words">{s.lastError}</span>
          </div>
        ) : null}
      </section>

      {connection.kind === "smpp" ? (
        <section aria-labelledby="twice" className="space-y-2 rounded-lg border bg-card p-4">
          <h2 id="twice" className="font-semibold">A message may reach the handset twice</h2>
          <p className="max-w-3xl text-sm text-muted-foreground">
            SMPP has no idempotency key. When the link drops after a message was submitted but before the carrier answered, nobody can tell
            whether the carrier took it, so it is submitted again once the link is back: the handset may get it twice. Everything else is
            handed to the carrier once.
          </p>
          <p className="text-sm">
            Resubmitted so far: <span className="font-semibold tabular-nums" data-testid="resubmissions">{number(s.resubmissions)}</span> part{s.resubmissions === 1 ? "" : "s"}
          </p>
        </section>
      ) : null}

      {connection.callbackUrl ? (
        <section aria-labelledby="callback" className="space-y-2">
          <h2 id="callback" className="text-lg font-semibold">Status callback URL</h2>
          <p className="max-w-3xl text-sm text-muted-foreground">
            Each message is sent with this URL as its callback, and the upstream posts delivery reports there. If the upstream asks for a
            fixed callback address, give it this one. Its token is the proof: keep it private.
          </p>
          <div className="flex items-center gap-2 rounded-md border bg-muted px-3 py-2">
            <code className="min-w-0 flex-1 font-mono text-xs break-all" data-testid="callback-url">{connection.callbackUrl}</code>
            <CopyButton value={connection.callbackUrl} label="callback URL" />
          </div>
        </section>
      ) : null}

      <div className="grid gap-6 lg:grid-cols-3">
        <section aria-labelledby="settings" className="space-y-2 lg:col-span-2">
          <h2 id="settings" className="text-lg font-semibold">Settings</h2>
          <dl className="grid gap-x-6 gap-y-3 rounded-lg border bg-card p-4 sm:grid-cols-[12rem_1fr]">
            {settingsList(connection).map(([label, value]) => (
              <div key={label} className="contents">
                <dt className="text-sm text-muted-foreground">{label}</dt>
                <dd className="text-sm break-words">{value}</dd>
              </div>
            ))}
          </dl>
        </section>
        <section aria-labelledby="routes" className="space-y-2">
          <h2 id="routes" className="text-lg font-semibold">Routes</h2>
          {connection.routes.length === 0 ? (
            <p className="rounded-lg border bg-card p-4 text-sm text-muted-foreground">
              No route uses it, so it takes no traffic. <Link href="/operator/carriers/routes" className="text-primary hover:underline">Add a route</Link> that lists it.
            </p>
          ) : (
            <ul className="divide-y rounded-lg border bg-card text-sm" aria-label={`Routes using ${connection.name}`}>
              {connection.routes.map((d) => (
                <li key={d} className="px-4 py-2"><code className="font-mono">{d}</code></li>
              ))}
            </ul>
          )}
          {connection.routes.length > 0 ? <Link href="/operator/carriers/routes" className="text-sm text-primary hover:underline">Change routes</Link> : null}
        </section>
      </div>
    </div>
  );
}
