import type { ReferenceEndpoint } from "@/lib/api/openapi/reference";
import { CodeBlock } from "./code-block";
import { FieldTable } from "./field-table";
import { MethodBadge } from "./method-badge";
import { Prose } from "./prose";

/** One endpoint: what it does, what it takes, what it answers, and a request to copy. */
export function EndpointSection({ endpoint }: { endpoint: ReferenceEndpoint }) {
  const titleId = `${endpoint.operationId}-title`;
  return (
    <article id={endpoint.operationId} aria-labelledby={titleId} className="scroll-mt-20 space-y-4 rounded-lg border bg-card p-4 sm:p-5">
      <header className="space-y-1.5">
        <h3 id={titleId} className="font-semibold">{endpoint.summary}</h3>
        <p className="flex flex-wrap items-center gap-2">
          <MethodBadge method={endpoint.method} />
          <code className="font-mono text-sm break-all">{endpoint.path}</code>
          {endpoint.isPublic ? <span className="text-xs text-muted-foreground">no key needed</span> : null}
        </p>
        {endpoint.description ? <p className="text-sm text-muted-foreground"><Prose text={endpoint.description} /></p> : null}
      </header>

      {endpoint.parameters.length > 0 ? (
        <div className="space-y-2">
          <h4 className="text-sm font-medium">Parameters</h4>
          <FieldTable caption={`Parameters of ${endpoint.summary}`} rows={endpoint.parameters} />
        </div>
      ) : null}

      {endpoint.body
        ? endpoint.body.variants.map((variant) => (
            <div key={variant.title} className="space-y-2">
              <h4 className="text-sm font-medium">
                JSON body{endpoint.body!.variants.length > 1 ? <span className="font-normal text-muted-foreground"> — {variant.title}</span> : null}
              </h4>
              <FieldTable caption={`Body fields of ${endpoint.summary}, ${variant.title}`} rows={variant.fields} />
            </div>
          ))
        : null}

      <div className="space-y-2">
        <h4 className="text-sm font-medium">Example request</h4>
        <CodeBlock code={endpoint.curl} label={`curl example for ${endpoint.summary}`} />
      </div>

      <div className="space-y-2">
        <h4 className="text-sm font-medium">Responses</h4>
        <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm">
          {endpoint.responses.map((r) => (
            <div key={r.status} className="contents">
              <dt className={`font-mono text-xs leading-5 font-semibold ${Number(r.status) < 300 ? "text-success" : "text-muted-foreground"}`}>{r.status}</dt>
              <dd className="text-muted-foreground"><Prose text={r.description} /></dd>
            </div>
          ))}
        </dl>
        {endpoint.responseExample ? (
          <details className="group rounded-md">
            <summary className="cursor-pointer rounded-sm text-sm font-medium text-primary hover:underline focus-visible:ring-2 focus-visible:ring-ring focus-visible:outline-none">
              Example reply ({endpoint.responses[0]?.status})
            </summary>
            <div className="mt-2">
              <CodeBlock code={endpoint.responseExample} label={`Example reply of ${endpoint.summary}`} />
            </div>
          </details>
        ) : null}
      </div>
    </article>
  );
}
