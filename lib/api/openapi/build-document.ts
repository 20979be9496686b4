// Turns the operation registry into an OpenAPI 3.1 document. Schemas come from zod's own JSON Schema output
// (draft 2020-12, the dialect OpenAPI 3.1 uses); every schema with `.meta({ id })` becomes a component.
import { z } from "zod";
import { apiErrorSchema } from "./primitives";
import { successOf, type ApiOperation } from "./operation";

type JsonSchema = Record<string, unknown>;
type Io = "input" | "output";

export type OpenApiDocument = {
  openapi: "3.1.0";
  info: { title: string; version: string; description: string };
  servers: { url: string; description?: string }[];
  tags: { name: string; description?: string }[];
  security: Record<string, string[]>[];
  paths: Record<string, Record<string, OpenApiOperation>>;
  components: {
    schemas: Record<string, JsonSchema>;
    responses: Record<string, unknown>;
    headers: Record<string, unknown>;
    securitySchemes: Record<string, unknown>;
  };
};

export type OpenApiOperation = {
  operationId: string;
  summary: string;
  description?: string;
  tags: string[];
  security?: Record<string, string[]>[];
  parameters?: unknown[];
  requestBody?: unknown;
  responses: Record<string, unknown>;
};

export type DocumentOptions = {
  version: string;
  description: string;
  /** the tags in the order the reference page shows them */
  tags: { name: string; description?: string }[];
};

/** What each error status means on every route; an operation's own text says when it happens there. */
export const ERROR_STATUS_TEXT: Record<number, string> = {
  400: "The request is malformed: the body is not JSON, or a header is invalid.",
  401: "No API key, or one that is unknown, revoked or expired.",
  402: "The paying account's balance does not cover it.",
  403: "The key's account or role may not do this.",
  404: "Not found; also the answer for an id outside the key's subtree.",
  409: "Conflicts with the current state (e.g. an Idempotency-Key reused with another body).",
  413: "The request body is larger than 1 MB.",
  422: "A field is invalid; `details` names each one.",
  429: "Too many requests for this key or its tenant in the current window; retry after `Retry-After` seconds.",
};

const ERROR_REF = { $ref: "#/components/schemas/Error" };
const RATE_LIMIT_HEADERS = {
  "Retry-After": { $ref: "#/components/headers/RetryAfter" },
  "RateLimit-Limit": { $ref: "#/components/headers/RateLimitLimit" },
  "RateLimit-Remaining": { $ref: "#/components/headers/RateLimitRemaining" },
  "RateLimit-Reset": { $ref: "#/components/headers/RateLimitReset" },
};
const jsonContent = (schema: unknown, example?: unknown) => ({ "application/json": { schema, ...(example === undefined ? {} : { example }) } });

type Reply = string | { schema: z.ZodType; converted: Converted };

// one converted schema, its refs still pointing at its own `#/$defs/…` until the ids are settled
type Converted = { io: Io; root: JsonSchema; defs: Record<string, JsonSchema> };

function convert(schema: z.ZodType, io: Io): Converted {
  const json = z.toJSONSchema(schema, {
    target: "draft-2020-12",
    io,
    unrepresentable: "throw",
    // `format` says it; zod's regex for a date-time would only bloat the document
    override: ({ zodSchema, jsonSchema }) => {
      if (jsonSchema.format === "date-time" || jsonSchema.format === "date") delete jsonSchema.pattern;
      // a reply may gain fields later: only a strict object promises that there are no others
      const def = zodSchema._zod.def;
      if (io === "output" && def.type === "object" && def.catchall === undefined) delete jsonSchema.additionalProperties;
      // z.int()'s safe-integer bounds say nothing a reader needs
      if (jsonSchema.minimum === Number.MIN_SAFE_INTEGER) delete jsonSchema.minimum;
      if (jsonSchema.maximum === Number.MAX_SAFE_INTEGER) delete jsonSchema.maximum;
    },
  }) as JsonSchema;
  const { $schema: _dialect, $defs, ...root } = json;
  return { io, root, defs: ($defs ?? {}) as Record<string, JsonSchema> };
}

/** Parameters are listed one by one, so an object with an id is taken apart here rather than referenced. */
function convertInline(schema: z.ZodType, io: Io): Converted {
  const converted = convert(schema, io);
  const ref = converted.root.$ref;
  if (typeof ref !== "string" || !ref.startsWith("#/$defs/")) return converted;
  const { [ref.slice("#/$defs/".length)]: root, ...defs } = converted.defs;
  return { io, root, defs };
}

/**
 * The component names: a schema's id, except where one id converts differently as a request (input: defaults
 * optional, no transforms) than as a reply; the request's version is then `<id>Input`.
 */
function settleComponents(conversions: Converted[]) {
  const seen: Record<Io, Map<string, string>> = { input: new Map(), output: new Map() };
  for (const { io, defs } of conversions) {
    for (const [id, def] of Object.entries(defs)) {
      const text = JSON.stringify(def);
      const earlier = seen[io].get(id);
      if (earlier !== undefined && earlier !== text) throw new Error(`Two different schemas share the id "${id}"`);
      seen[io].set(id, text);
    }
  }
  const nameOf = (io: Io, id: string) => {
    if (io === "output") return id;
    const reply = seen.output.get(id);
    return reply === undefined || reply === seen.input.get(id) ? id : `${id}Input`;
  };
  const rewrite = (io: Io, value: unknown): unknown => {
    if (Array.isArray(value)) return value.map((v) => rewrite(io, v));
    if (value === null || typeof value !== "object") return value;
    return Object.fromEntries(
      Object.entries(value).map(([key, v]) =>
        key === "$ref" && typeof v === "string" && v.startsWith("#/$defs/")
          ? [key, `#/components/schemas/${nameOf(io, v.slice("#/$defs/".length))}`]
          : [key, rewrite(io, v)],
      ),
    );
  };
  const schemas: Record<string, JsonSchema> = {};
  for (const { io, defs } of conversions) {
    for (const [id, def] of Object.entries(defs)) schemas[nameOf(io, id)] ??= rewrite(io, def) as JsonSchema;
  }
  return { schemas, rootOf: (c: Converted) => rewrite(c.io, c.root) as JsonSchema };
}

function parametersOf(schema: JsonSchema, where: "path" | "query") {
  if (schema.type !== "object") throw new Error(`The ${where} parameters must be an object schema`);
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((schema.required ?? []) as string[]);
  return Object.entries(properties).map(([name, property]) => {
    const { description, ...rest } = property;
    return {
      name,
      in: where,
      required: where === "path" || required.has(name),
      ...(typeof description === "string" ? { description } : {}),
      schema: rest,
    };
  });
}

function idempotencyParameter(mode: "required" | "optional") {
  return {
    name: "Idempotency-Key",
    in: "header",
    required: mode === "required",
    description:
      "Makes the request exactly-once: a retry with the same key and body answers the first result again (with " +
      "`Idempotent-Replayed: true`) and moves nothing; the same key with another body is a 409. 1 to 255 printable ASCII characters.",
    schema: { type: "string", minLength: 1, maxLength: 255 },
  };
}

export function buildOpenApiDocument(operations: ApiOperation[], options: DocumentOptions): OpenApiDocument {
  const conversions: Converted[] = [];
  const track = (schema: z.ZodType, io: Io, inline = false) => {
    const c = inline ? convertInline(schema, io) : convert(schema, io);
    conversions.push(c);
    return c;
  };
  // replies first: they are the canonical version of a shared id
  track(apiErrorSchema, "output");
  const replies = operations.map((op) =>
    Object.fromEntries(
      Object.entries(op.responses).map(([status, spec]) => [status, typeof spec === "string" ? spec : { schema: spec, converted: track(spec, "output") }]),
    ) as Record<string, Reply>,
  );
  const requests = operations.map((op) => ({
    params: op.params ? track(op.params, "input", true) : undefined,
    query: op.query ? track(op.query, "input", true) : undefined,
    body: op.body ? track(op.body, "input") : undefined,
  }));
  const { schemas, rootOf } = settleComponents(conversions);

  const paths: OpenApiDocument["paths"] = {};
  operations.forEach((op, i) => {
    const isPublic = op.auth === "none";
    const request = requests[i];
    const success = successOf(op);
    const parameters = [
      ...(request.params ? parametersOf(rootOf(request.params), "path") : []),
      ...(request.query ? parametersOf(rootOf(request.query), "query") : []),
      ...(op.idempotency ? [idempotencyParameter(op.idempotency)] : []),
    ];
    const responses: Record<string, unknown> = {};
    for (const [status, spec] of Object.entries(replies[i])) {
      responses[status] = responseObject(Number(status), spec, op, Number(status) === success.status);
    }
    // what every route of its kind can answer, unless the operation says more about it
    const implied: Record<number, string> = {};
    if (!isPublic) Object.assign(implied, { 401: "#/components/responses/Unauthorized", 429: "#/components/responses/TooManyRequests" });
    if (op.body) Object.assign(implied, { 400: "#/components/responses/BadRequest", 422: "#/components/responses/ValidationFailed" });
    for (const [status, ref] of Object.entries(implied)) responses[status] ??= { $ref: ref };

    const operation: OpenApiOperation = {
      operationId: op.operationId,
      summary: op.summary,
      ...(op.description ? { description: op.description } : {}),
      tags: op.tags,
      ...(isPublic ? { security: [] } : {}),
      ...(parameters.length ? { parameters } : {}),
      ...(request.body
        ? { requestBody: { required: true, content: jsonContent(rootOf(request.body), op.example?.body) } }
        : {}),
      responses: Object.fromEntries(Object.entries(responses).sort(([a], [b]) => Number(a) - Number(b))),
    };
    (paths[op.path] ??= {})[op.method] = operation;
  });

  return {
    openapi: "3.1.0",
    info: { title: "Subledger API", version: options.version, description: options.description },
    servers: [{ url: "/", description: "This Subledger instance" }],
    tags: options.tags,
    security: [{ bearerAuth: [] }],
    paths,
    components: {
      schemas,
      responses: {
        BadRequest: errorResponse(ERROR_STATUS_TEXT[400]),
        Unauthorized: {
          ...errorResponse(ERROR_STATUS_TEXT[401]),
          headers: { "WWW-Authenticate": { description: "The Bearer challenge (RFC 6750).", schema: { type: "string" } } },
        },
        ValidationFailed: errorResponse(ERROR_STATUS_TEXT[422]),
        TooManyRequests: { ...errorResponse(ERROR_STATUS_TEXT[429]), headers: RATE_LIMIT_HEADERS },
      },
      headers: {
        RetryAfter: { description: "Seconds to wait before the next request.", schema: { type: "integer", minimum: 0 } },
        RateLimitLimit: { description: "Requests allowed per window (IETF draft RateLimit fields).", schema: { type: "integer", minimum: 0 } },
        RateLimitRemaining: { description: "Requests left in this window.", schema: { type: "integer", minimum: 0 } },
        RateLimitReset: { description: "Seconds until the window ends.", schema: { type: "integer", minimum: 0 } },
        IdempotentReplayed: {
          description: "`true` when this is the stored reply of an earlier request with the same Idempotency-Key.",
          schema: { type: "string", enum: ["true"] },
        },
      },
      securitySchemes: {
        bearerAuth: {
          type: "http",
          scheme: "bearer",
          bearerFormat: "sk_live_<key id>_<secret>",
          description: "An API key from the account's API keys page. It acts for its account and every account below it.",
        },
      },
    },
  };

  function responseObject(status: number, reply: Reply, op: ApiOperation, isPrimary: boolean) {
    if (status >= 400) {
      const when = typeof reply === "string" ? reply : (reply.schema.meta()?.description ?? ERROR_STATUS_TEXT[status] ?? "An error.");
      const base = { description: when, content: jsonContent(typeof reply === "string" ? ERROR_REF : rootOf(reply.converted)) };
      return status === 429 ? { ...base, headers: RATE_LIMIT_HEADERS } : base;
    }
    const headers = op.idempotency ? { headers: { "Idempotent-Replayed": { $ref: "#/components/headers/IdempotentReplayed" } } } : {};
    if (typeof reply === "string") return { description: reply, ...headers };
    const description = reply.schema.meta()?.description ?? (status === 201 ? "Created." : "OK.");
    return { description, ...headers, content: jsonContent(rootOf(reply.converted), isPrimary ? op.example?.response : undefined) };
  }
}

function errorResponse(description: string) {
  return { description, content: jsonContent(ERROR_REF) };
}
