// What the API reference page shows, read from the same OpenAPI document that /api/v1/openapi.json serves
// (plus the registry's examples): grouped by tag, each endpoint with its fields in words and a curl example.
import type { OpenApiDocument, OpenApiOperation } from "./build-document";
import type { ApiOperation } from "./operation";

type JsonSchema = Record<string, unknown>;

export type FieldRow = { name: string; type: string; required: boolean; description: string | null };
export type ParameterRow = FieldRow & { in: "path" | "query" | "header" };
/** A body is one object, or one of several (`variants`), each a list of fields. */
export type BodyShape = { variants: { title: string; fields: FieldRow[] }[] } | null;

export type ReferenceEndpoint = {
  operationId: string;
  method: string;
  path: string;
  summary: string;
  description: string | null;
  isPublic: boolean;
  parameters: ParameterRow[];
  body: BodyShape;
  responses: { status: string; description: string }[];
  responseExample: string | null;
  curl: string;
};

export type ReferenceGroup = { tag: string; description: string | null; endpoints: ReferenceEndpoint[] };

export type CurlContext = {
  /** scheme://host of this instance */
  origin: string;
  /** the account the reader is looking at: fills `{id}` in account paths */
  accountId?: number;
};

/** The env var the curl examples read the key from; a stored key cannot be shown (only its hash is kept). */
export const API_KEY_ENV = "SUBLEDGER_API_KEY";

function resolve(schema: JsonSchema, document: OpenApiDocument): JsonSchema {
  const ref = schema.$ref;
  if (typeof ref === "string" && ref.startsWith("#/components/schemas/")) {
    const target = document.components.schemas[ref.slice("#/components/schemas/".length)];
    return target ? { ...target, ...Object.fromEntries(Object.entries(schema).filter(([k]) => k !== "$ref")) } : schema;
  }
  return schema;
}

/** A JSON Schema as a short type for people: `string | null`, `array of Message`, `"fixed" | "top_up"`. */
export function typeText(schema: JsonSchema, document: OpenApiDocument): string {
  if (typeof schema.$ref === "string") return schema.$ref.split("/").pop()!;
  if (Array.isArray(schema.enum)) return schema.enum.map((v) => JSON.stringify(v)).join(" | ");
  if ("const" in schema) return JSON.stringify(schema.const);
  const alternatives = (schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined;
  if (Array.isArray(alternatives)) return [...new Set(alternatives.map((s) => typeText(s, document)))].join(" | ");
  const type = schema.type;
  if (type === "array") return `array of ${schema.items ? typeText(schema.items as JsonSchema, document) : "anything"}`;
  if (Array.isArray(type)) return type.join(" | ");
  if (type === "string" && typeof schema.format === "string") return `string (${schema.format})`;
  // money: an exact decimal written as a string
  if (type === "string" && typeof schema.pattern === "string" && schema.pattern.startsWith("^-?\\d+")) return "decimal string";
  return typeof type === "string" ? type : "any";
}

/** The fields of an object, and one level of what an inline object or list of objects holds (`messages[].to`). */
function fieldsOf(schema: JsonSchema, document: OpenApiDocument, prefix = ""): FieldRow[] {
  const object = resolve(schema, document);
  const properties = (object.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((object.required ?? []) as string[]);
  return Object.entries(properties).flatMap(([name, property]) => {
    const described = resolve(property, document);
    const description = property.description ?? described.description;
    const row: FieldRow = {
      name: `${prefix}${name}`,
      type: typeText(property, document),
      required: required.has(name),
      description: typeof description === "string" ? description : null,
    };
    if (prefix || property.$ref) return [row];
    const items = property.type === "array" ? (property.items as JsonSchema | undefined) : undefined;
    const inner = items && !items.$ref && items.properties ? fieldsOf(items, document, `${name}[].`) : property.properties ? fieldsOf(property, document, `${name}.`) : [];
    return [row, ...inner];
  });
}

function bodyShape(operation: OpenApiOperation, document: OpenApiDocument): BodyShape {
  const content = (operation.requestBody as { content?: Record<string, { schema: JsonSchema }> } | undefined)?.content;
  const schema = content?.["application/json"]?.schema;
  if (!schema) return null;
  const resolved = resolve(schema, document);
  const alternatives = (resolved.anyOf ?? resolved.oneOf) as JsonSchema[] | undefined;
  if (Array.isArray(alternatives)) {
    return {
      variants: alternatives.map((alternative, i) => {
        const fields = fieldsOf(alternative, document);
        const required = fields.filter((f) => f.required && !/[.[]/.test(f.name)).map((f) => f.name);
        return { title: `Form ${i + 1}: ${required.join(", ") || "no required fields"}`, fields };
      }),
    };
  }
  return { variants: [{ title: "Body", fields: fieldsOf(resolved, document) }] };
}

function parameterRows(operation: OpenApiOperation, document: OpenApiDocument): ParameterRow[] {
  return (operation.parameters ?? []).map((p) => {
    const parameter = p as { name: string; in: ParameterRow["in"]; required: boolean; description?: string; schema: JsonSchema };
    return {
      name: parameter.name,
      in: parameter.in,
      type: typeText(parameter.schema, document),
      required: parameter.required,
      description: parameter.description ?? null,
    };
  });
}

function responseRows(operation: OpenApiOperation, document: OpenApiDocument) {
  return Object.entries(operation.responses).map(([status, response]) => {
    const ref = (response as { $ref?: string }).$ref;
    const resolved = ref ? document.components.responses[ref.split("/").pop()!] : response;
    return { status, description: (resolved as { description?: string } | undefined)?.description ?? "" };
  });
}

const shellQuote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;

/** A curl command for the operation: the example's values, this instance's URL, the key from the environment. */
export function curlExample(op: ApiOperation, context: CurlContext): string {
  const values: Record<string, string> = { ...op.example?.params };
  if (context.accountId !== undefined && op.path.startsWith("/api/v1/accounts/{id}")) values.id = String(context.accountId);
  const path = op.path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(values[name] ?? `<${name}>`));
  const query = new URLSearchParams(op.example?.query ?? {}).toString();
  const url = `${context.origin}${path}${query ? `?${query}` : ""}`;
  const lines = [`curl${op.method === "get" ? "" : ` -X ${op.method.toUpperCase()}`} ${query ? shellQuote(url) : url}`];
  if (op.auth !== "none") lines.push(`-H "Authorization: Bearer $${API_KEY_ENV}"`);
  if (op.body !== undefined) lines.push(`-H "Content-Type: application/json"`);
  // a retry must send the same key again, so the example shows a fixed one rather than a generated one
  if (op.idempotency) lines.push(`-H "Idempotency-Key: ${op.operationId.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}-0001"`);
  if (op.example?.body !== undefined) lines.push(`-d ${shellQuote(JSON.stringify(op.example.body))}`);
  return lines.join(" \\\n  ");
}

export function buildReference(document: OpenApiDocument, operations: ApiOperation[], context: CurlContext): ReferenceGroup[] {
  return document.tags
    .map((tag) => ({
      tag: tag.name,
      description: tag.description ?? null,
      endpoints: operations
        .filter((op) => op.tags[0] === tag.name)
        .map((op): ReferenceEndpoint => {
          const operation = document.paths[op.path][op.method];
          return {
            operationId: op.operationId,
            method: op.method.toUpperCase(),
            path: op.path,
            summary: op.summary,
            description: op.description ?? null,
            isPublic: op.auth === "none",
            parameters: parameterRows(operation, document),
            body: bodyShape(operation, document),
            responses: responseRows(operation, document),
            responseExample: op.example?.response === undefined ? null : JSON.stringify(op.example.response, null, 2),
            curl: curlExample(op, context),
          };
        }),
    }))
    .filter((group) => group.endpoints.length > 0);
}
