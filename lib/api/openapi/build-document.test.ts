import { describe, expect, it } from "vitest";
import { z } from "zod";
import { buildOpenApiDocument } from "./build-document";
import type { ApiOperation } from "./operation";

const OPTIONS = { version: "test", description: "test", tags: [{ name: "T" }] };
const op = (over: Partial<ApiOperation>): ApiOperation => ({
  method: "post",
  path: "/api/v1/things",
  operationId: "makeThing",
  summary: "Make a thing",
  tags: ["T"],
  responses: {},
  ...over,
});

describe("buildOpenApiDocument", () => {
  it("names the request's version of an id <id>Input when it differs from the reply's, and shares it when not", () => {
    const thing = z.object({ name: z.string(), colour: z.string().default("blue") }).meta({ id: "BuildTestThing" });
    const tag = z.object({ label: z.string() }).meta({ id: "BuildTestTag" });
    const document = buildOpenApiDocument(
      [op({ body: z.object({ thing, tag }), responses: { 201: z.object({ thing, tag }) } })],
      OPTIONS,
    );
    const { schemas } = document.components;
    expect(schemas.BuildTestThing.required).toEqual(["name", "colour"]); // a reply always carries the default
    expect(schemas.BuildTestThingInput.required).toEqual(["name"]);
    expect(schemas.BuildTestTagInput).toBeUndefined();
    const body = document.paths["/api/v1/things"].post.requestBody as { content: Record<string, { schema: { properties: Record<string, unknown> } }> };
    expect(body.content["application/json"].schema.properties).toEqual({
      thing: { $ref: "#/components/schemas/BuildTestThingInput" },
      tag: { $ref: "#/components/schemas/BuildTestTag" },
    });
  });

  it("refuses two different schemas under one id", () => {
    const a = z.object({ a: z.string() }).meta({ id: "BuildTestClash" });
    const b = z.object({ b: z.string() }).meta({ id: "BuildTestClash" });
    expect(() =>
      buildOpenApiDocument([op({ responses: { 200: a } }), op({ method: "get", operationId: "getThing", responses: { 200: b } })], OPTIONS),
    ).toThrow(/BuildTestClash/);
  });

  it("adds the key's 401 and 429, a body's 400 and 422, Idempotency-Key, and the error schema on described errors", () => {
    const document = buildOpenApiDocument(
      [op({ body: z.object({ amount: z.string() }), idempotency: "required", responses: { 201: z.object({ id: z.string() }), 409: "Replayed with another body." } })],
      OPTIONS,
    );
    const made = document.paths["/api/v1/things"].post;
    expect(Object.keys(made.responses)).toEqual(["201", "400", "401", "409", "422", "429"]);
    expect(made.responses["409"]).toEqual({ description: "Replayed with another body.", content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } });
    expect(made.responses["201"]).toMatchObject({ headers: { "Idempotent-Replayed": { $ref: "#/components/headers/IdempotentReplayed" } } });
    expect(made.parameters).toEqual([expect.objectContaining({ name: "Idempotency-Key", in: "header", required: true })]);
    expect(made.security).toBeUndefined(); // the document's default: bearerAuth

    const open = buildOpenApiDocument([op({ method: "get", auth: "none", responses: { 200: z.object({}) } })], OPTIONS).paths["/api/v1/things"].get;
    expect(open.security).toEqual([]);
    expect(Object.keys(open.responses)).toEqual(["200"]);
  });

  it("turns path and query objects into parameters, path ones always required", () => {
    const document = buildOpenApiDocument(
      [
        op({
          method: "get",
          path: "/api/v1/things/{id}",
          params: z.object({ id: z.string().meta({ description: "The id." }) }),
          query: z.object({ page: z.int().optional(), q: z.string() }).meta({ id: "BuildTestQuery" }),
          responses: { 200: z.object({}) },
        }),
      ],
      OPTIONS,
    );
    expect(document.paths["/api/v1/things/{id}"].get.parameters).toEqual([
      { name: "id", in: "path", required: true, description: "The id.", schema: { type: "string" } },
      { name: "page", in: "query", required: false, schema: { type: "integer" } },
      { name: "q", in: "query", required: true, schema: { type: "string" } },
    ]);
    expect(document.components.schemas.BuildTestQuery).toBeUndefined();
  });
});
