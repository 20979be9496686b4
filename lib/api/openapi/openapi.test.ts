// The OpenAPI document against the route handlers that exist: every exported method of every
// app/api/v1/**/route.ts is documented, nothing else is, and the document is valid OpenAPI 3.1.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { validate } from "@readme/openapi-parser";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { getOpenApiDocument } from "./document";
import { HTTP_METHODS, successOf } from "./operation";
import { API_OPERATIONS, API_TAGS } from "./operations";

const API_ROOT = path.resolve(import.meta.dirname, "../../../app/api/v1");
const ROUTE_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];

function routeFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return routeFiles(full);
    return entry.name === "route.ts" ? [full] : [];
  });
}

/** The HTTP methods a route module exports, read from its source (importing would load the database client). */
function exportedMethods(source: string): string[] {
  const found = new Set<string>();
  const declared = /export\s+(?:const|let|var|(?:async\s+)?function)\s+([A-Z]+)\b/g;
  for (const [, name] of source.matchAll(declared)) found.add(name);
  const lists = /export\s*\{([^}]*)\}/g;
  for (const [, list] of source.matchAll(lists)) {
    for (const item of list.split(",")) {
      const name = item.trim().split(/\s+as\s+/).pop()?.trim();
      if (name) found.add(name);
    }
  }
  return [...found].filter((name) => ROUTE_METHODS.includes(name)).sort();
}

/** `app/api/v1/accounts/[id]/statistics/route.ts` → `/api/v1/accounts/{id}/statistics` */
function openApiPathOf(file: string) {
  const relative = path.relative(API_ROOT, path.dirname(file)).split(path.sep).filter(Boolean);
  const segments = relative
    .filter((s) => !/^\(.*\)$/.test(s)) // route groups add nothing to the URL
    .map((s) => s.replace(/^\[\.\.\.(\w+)\]$/, "{$1}").replace(/^\[(\w+)\]$/, "{$1}"));
  return ["/api/v1", ...segments].join("/");
}

const key = (method: string, p: string) => `${method.toUpperCase()} ${p}`;

describe("the OpenAPI document", () => {
  const document = getOpenApiDocument();

  it("reads route exports and paths the way Next does", () => {
    expect(exportedMethods("export const GET = nativeRoute(...);\nexport async function POST(req) {}\nexport { handler as PUT, DELETE };\nexport const dynamic = 'x';"))
      .toEqual(["DELETE", "GET", "POST", "PUT"]);
    expect(openApiPathOf(path.join(API_ROOT, "accounts/[id]/credit/route.ts"))).toBe("/api/v1/accounts/{id}/credit");
    expect(openApiPathOf(path.join(API_ROOT, "(group)/messages/route.ts"))).toBe("/api/v1/messages");
  });

  it("documents every method of every route handler under /api/v1, and nothing that does not exist", () => {
    const handlers = routeFiles(API_ROOT).flatMap((file) => {
      const methods = exportedMethods(readFileSync(file, "utf8"));
      expect(methods, `${file} exports no HTTP method`).not.toEqual([]);
      return methods.map((m) => key(m, openApiPathOf(file)));
    });
    const documented = Object.entries(document.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => key(m, p)));
    expect(handlers.length).toBeGreaterThanOrEqual(9);
    expect({ undocumented: handlers.filter((h) => !documented.includes(h)).sort(), missingHandler: documented.filter((d) => !handlers.includes(d)).sort() })
      .toEqual({ undocumented: [], missingHandler: [] });
  });

  it("is valid OpenAPI 3.1, with every $ref resolving", async () => {
    const result = await validate(structuredClone(document) as never);
    expect(result.valid ? [] : result.errors).toEqual([]);
    expect(document.openapi).toBe("3.1.0");
  });

  it("gives each operation a unique id, a known tag, its path's parameters, the key scheme and the error shape", () => {
    const ids = API_OPERATIONS.map((op) => op.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    const tags = new Set(API_TAGS.map((t) => t.name));
    for (const op of API_OPERATIONS) {
      expect(HTTP_METHODS).toContain(op.method);
      expect(tags.has(op.tags[0]), `${op.operationId}: tag ${op.tags[0]} is not in API_TAGS`).toBe(true);
      const documented = document.paths[op.path][op.method];
      const pathNames = [...op.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      const pathParams = (documented.parameters ?? []).filter((p) => (p as { in: string }).in === "path").map((p) => (p as { name: string }).name).sort();
      expect(pathParams, op.operationId).toEqual(pathNames);
      if (op.auth === "none") {
        expect(documented.security).toEqual([]);
      } else {
        expect(documented.responses["401"]).toEqual({ $ref: "#/components/responses/Unauthorized" });
        expect(documented.responses["429"]).toBeDefined();
      }
      for (const [status, response] of Object.entries(documented.responses)) {
        if (Number(status) < 400 || "$ref" in (response as object)) continue;
        expect((response as { content: unknown }).content, `${op.operationId} ${status}`).toEqual({ "application/json": { schema: { $ref: "#/components/schemas/Error" } } });
      }
    }
    expect(document.components.securitySchemes.bearerAuth).toMatchObject({ type: "http", scheme: "bearer" });
    expect(document.components.responses.TooManyRequests).toMatchObject({ headers: { "Retry-After": { $ref: "#/components/headers/RetryAfter" }, "RateLimit-Reset": { $ref: "#/components/headers/RateLimitReset" } } });
  });

  it("has examples that match their own schemas exactly (no field the schema would drop)", () => {
    for (const op of API_OPERATIONS) {
      const success = successOf(op);
      if (op.example?.response !== undefined) {
        expect(typeof success.spec, op.operationId).not.toBe("string");
        const schema = success.spec as z.ZodType;
        expect(schema.parse(op.example.response), op.operationId).toEqual(op.example.response);
      }
      if (op.example?.body !== undefined) expect(op.body?.safeParse(op.example.body).success, op.operationId).toBe(true);
      if (op.example?.params !== undefined) expect(op.params?.safeParse(op.example.params).success, op.operationId).toBe(true);
      if (op.example?.query !== undefined) {
        const names = (document.paths[op.path][op.method].parameters ?? []).map((p) => (p as { name: string }).name);
        for (const name of Object.keys(op.example.query)) expect(names, op.operationId).toContain(name);
      }
    }
  });

  it("turns every schema with an id into one component that each $ref finds", () => {
    expect(Object.keys(document.components.schemas)).toEqual(expect.arrayContaining(["Error", "Message", "SendMessagesRequest", "AutoRechargeRule", "AccountStatistics"]));
    const text = JSON.stringify(document);
    expect(text).not.toContain("#/$defs/");
    for (const [, ref] of text.matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)) expect(document.components.schemas[ref], ref).toBeDefined();
  });
});
