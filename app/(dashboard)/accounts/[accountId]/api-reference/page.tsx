import { FileJson, KeyRound } from "lucide-react";
import type { Metadata } from "next";
import { headers } from "next/headers";
import Link from "next/link";
import { requirePageAccess } from "@/lib/auth/access";
import { listApiKeys } from "@/lib/domain/api-keys/list-api-keys";
import { getOpenApiDocument } from "@/lib/api/openapi/document";
import { API_OPERATIONS } from "@/lib/api/openapi/operations";
import { API_KEY_ENV, buildReference } from "@/lib/api/openapi/reference";
import { Button } from "@/components/ui/button";
import { CodeBlock } from "./code-block";
import { EndpointSection } from "./endpoint-section";
import { MethodBadge } from "./method-badge";
import { Prose } from "./prose";

export const metadata: Metadata = { title: "API reference" };

/** Where the API answers, for the examples: the configured public URL, else the one this page came in on. */
async function publicOrigin() {
  if (process.env.APP_URL) return process.env.APP_URL.replace(/\/+$/, "");
  const h = await headers();
  const host = h.get("x-forwarded-host") ?? h.get("host") ?? "localhost:3000";
  const proto = h.get("x-forwarded-proto") ?? (host.startsWith("localhost") || host.startsWith("127.") ? "http" : "https");
  return `${proto}://${host}`;
}

const SMSTO_ENDPOINTS = [
  "POST /sms/send",
  "POST /sms/estimate",
  "GET /messages, /v2/messages, /message/{id}",
  "GET /api/balance",
  "GET /v1/team/users, /v1/team/invitations",
  "POST /v1/team/user/create, /v1/team/user/invite",
  "GET /v1/team/user/{id}/enable, …/disable, …/credit?amount=, …/debit?amount=",
  "DELETE /v1/team/user/{id}/delete, /v1/team/invitation/{id}/delete",
];

export default async function ApiReferencePage({ params }: PageProps<"/accounts/[accountId]/api-reference">) {
  const accountId = Number((await params).accountId);
  const basePath = `/accounts/${accountId}/api-reference`;
  const { ctx } = await requirePageAccess(accountId, "viewer", basePath);
  const [origin, keys] = await Promise.all([publicOrigin(), listApiKeys(ctx, accountId, { page: 1, pageSize: 25, status: "active" })]);
  const newestKey = keys.rows[0] ?? null;
  const keysHref = `/accounts/${accountId}/api-keys`;
  const groups = buildReference(getOpenApiDocument(), API_OPERATIONS, { origin, accountId });
  const setup = [
    `# the key itself, as shown once when it was created${newestKey ? `; e.g. "${newestKey.name}" (${newestKey.masked})` : ""}`,
    `export ${API_KEY_ENV}='sk_live_…'`,
    ``,
    `curl ${origin}/api/v1/messages?page_size=1 -H "Authorization: Bearer $${API_KEY_ENV}"`,
  ].join("\n");

  return (
    <div className="max-w-4xl space-y-8">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">API reference</h1>
          <p className="max-w-2xl text-sm text-muted-foreground">
            What the dashboard does with accounts, invitations, money, messages, statistics and auto-recharge, a program can do
            through the REST API under <code className="font-mono [overflow-wrap:anywhere] text-foreground">/api/v1</code>. The examples below are filled in for{" "}
            <span className="font-medium text-foreground">{keys.account.name}</span> (account {accountId}) on this server.
          </p>
        </div>
        <Button asChild variant="outline">
          <a href="/api/v1/openapi.json" target="_blank" rel="noreferrer">
            <FileJson className="size-4" aria-hidden /> OpenAPI 3.1 document
          </a>
        </Button>
      </div>

      <section aria-labelledby="setup-title" className="space-y-3 rounded-lg border bg-card p-4 sm:p-5">
        <h2 id="setup-title" className="font-semibold">Before the first call</h2>
        <dl className="grid gap-x-4 gap-y-2 text-sm sm:grid-cols-[auto_1fr]">
          <dt className="text-muted-foreground">Base URL</dt>
          <dd><code className="font-mono [overflow-wrap:anywhere] break-all">{origin}</code></dd>
          <dt className="text-muted-foreground">Account id</dt>
          <dd>
            <code className="font-mono [overflow-wrap:anywhere]">{accountId}</code>{" "}
            <span className="text-muted-foreground">
              — fills <code className="font-mono [overflow-wrap:anywhere]">{"{id}"}</code> in the account paths below. For examples that act on a member (credit, suspend, …),
              open this page while viewing that member.
            </span>
          </dd>
          <dt className="text-muted-foreground">API key</dt>
          <dd>
            {newestKey ? (
              <>
                Newest active key: <span className="font-medium">{newestKey.name}</span>{" "}
                <code className="font-mono [overflow-wrap:anywhere] text-xs break-all" data-testid="api-key-prefix">{newestKey.masked}</code>
                {keys.total > 1 ? <span className="text-muted-foreground"> ({keys.total} active keys)</span> : null}
              </>
            ) : (
              <span>{keys.account.name} has no active key yet.</span>
            )}{" "}
            <Link href={keysHref} className="inline-flex items-center gap-1 font-medium text-primary hover:underline">
              <KeyRound className="size-3.5" aria-hidden /> {newestKey ? "Manage API keys" : "Create one on the API keys page"}
            </Link>
          </dd>
        </dl>
        <p className="text-sm text-muted-foreground">
          Only a hash of each key is stored, so the key cannot be shown here: put the one you copied when it was created into
          {" "}<code className="font-mono [overflow-wrap:anywhere] text-foreground">${API_KEY_ENV}</code> and every example on this page works as it is. A key acts
          for its account and every account below it.
        </p>
        <CodeBlock code={setup} label="Shell set-up for the examples" />
        <ul className="list-disc space-y-1 pl-5 text-sm text-muted-foreground">
          <li>
            <Prose text={'Money is an exact decimal string of the account\'s currency (`"12.50"`), never a JSON number.'} />
          </li>
          <li>
            <Prose text={'Errors are `{"error": {"code", "message", "details"?}}` with the HTTP status; an id outside the key\'s subtree is a 404.'} />
          </li>
          <li>
            <Prose text="Calls that move money take an `Idempotency-Key` header: a retry with the same key answers the first result (`Idempotent-Replayed: true`) and moves nothing." />
          </li>
          <li>
            <Prose text="Past the rate limit of the key or its tenant the reply is `429` with `Retry-After` (seconds)." />
          </li>
        </ul>
      </section>

      <nav aria-labelledby="contents-title" className="space-y-3">
        <h2 id="contents-title" className="font-semibold">Endpoints</h2>
        <div className="grid gap-4 sm:grid-cols-2">
          {groups.map((group) => (
            <div key={group.tag}>
              <h3 className="text-sm font-medium"><a href={`#tag-${slug(group.tag)}`} className="hover:underline">{group.tag}</a></h3>
              <ul className="mt-1 space-y-1">
                {group.endpoints.map((e) => (
                  <li key={e.operationId}>
                    <a href={`#${e.operationId}`} className="flex items-center gap-2 rounded-sm text-sm text-muted-foreground hover:text-foreground">
                      <MethodBadge method={e.method} className="w-14 text-[0.7rem]" />
                      <span className="truncate">{e.summary}</span>
                    </a>
                  </li>
                ))}
              </ul>
            </div>
          ))}
        </div>
      </nav>

      {groups.map((group) => (
        <section key={group.tag} id={`tag-${slug(group.tag)}`} aria-labelledby={`tag-${slug(group.tag)}-title`} className="scroll-mt-20 space-y-4">
          <div>
            <h2 id={`tag-${slug(group.tag)}-title`} className="text-xl font-semibold tracking-tight">{group.tag}</h2>
            {group.description ? <p className="text-sm text-muted-foreground">{group.description}</p> : null}
          </div>
          {group.endpoints.map((endpoint) => <EndpointSection key={endpoint.operationId} endpoint={endpoint} />)}
        </section>
      ))}

      <section aria-labelledby="compatible-title" className="space-y-3">
        <h2 id="compatible-title" className="text-xl font-semibold tracking-tight">Compatible APIs</h2>
        <div className="space-y-2 rounded-lg border bg-card p-4 text-sm sm:p-5">
          <h3 className="font-semibold">SMS.to</h3>
          <p className="text-muted-foreground">
            An existing SMS.to client works by pointing its base URLs (<code className="font-mono [overflow-wrap:anywhere]">https://api.sms.to</code> and{" "}
            <code className="font-mono [overflow-wrap:anywhere]">https://auth.sms.to</code>) at <code className="font-mono [overflow-wrap:anywhere] text-foreground">{origin}</code>, with a
            Subledger key as its API key. Replies are SMS.to&apos;s <code className="font-mono [overflow-wrap:anywhere]">{"{success, message, data}"}</code>; errors
            say <code className="font-mono [overflow-wrap:anywhere]">success: false</code>. Its credit and debit calls are GET requests: send an{" "}
            <code className="font-mono [overflow-wrap:anywhere]">Idempotency-Key</code> header with them so that a retry cannot move money twice.
          </p>
          <ul className="space-y-0.5 font-mono text-xs text-muted-foreground">
            {SMSTO_ENDPOINTS.map((e) => <li key={e}>{e}</li>)}
          </ul>
        </div>
        <div className="space-y-2 rounded-lg border bg-card p-4 text-sm sm:p-5">
          <h3 className="font-semibold">SMS Central</h3>
          <p className="text-muted-foreground">
            <code className="font-mono [overflow-wrap:anywhere] text-foreground">POST {origin}/api/v3.2/account/create</code> creates a sub-account as SMS
            Central&apos;s API does: form fields <code className="font-mono [overflow-wrap:anywhere]">USERNAME</code> and <code className="font-mono [overflow-wrap:anywhere]">PASSWORD</code>{" "}
            (a user&apos;s sign-in, on a partner account) and <code className="font-mono [overflow-wrap:anywhere]">ACCOUNT</code> (JSON with ACCOUNTNAME,
            PARENTACCOUNT, PAYMENTMODEL, MONTHLYVOLUMELIMIT, INVOICINGACCOUNT). It answers{" "}
            <code className="font-mono [overflow-wrap:anywhere]">{'{"account": {"name", "ID"}}'}</code> or{" "}
            <code className="font-mono [overflow-wrap:anywhere]">{'{"error": {"errorcode", "errordescription"}}'}</code>.{" "}
            <code className="font-mono [overflow-wrap:anywhere] text-foreground">POST {origin}/api/v3.2/user/create</code> creates a user who signs in with a
            username: <code className="font-mono [overflow-wrap:anywhere]">USER</code> is JSON with USERNAME, PASSWORD, FIRSTNAME, LASTNAME, EMAILADDRESS,
            MOBILENUMBER and ACCOUNTS (<code className="font-mono [overflow-wrap:anywhere]">{'[{"ID", "USERLEVEL"}]'}</code>: 1 owner, 2 admin, 3 viewer);
            it answers <code className="font-mono [overflow-wrap:anywhere]">{'{"user": {"name", "ID"}}'}</code>.
          </p>
        </div>
      </section>
    </div>
  );
}

const slug = (text: string) => text.toLowerCase().replace(/[^a-z0-9]+/g, "-");
