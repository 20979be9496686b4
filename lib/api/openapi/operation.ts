// One entry per native route handler: what the OpenAPI document, the API reference page and the completeness
// test are all made from. The zod schemas here are the ones the routes parse with or type their replies by.
import type { z } from "zod";

export type HttpMethod = "get" | "post" | "put" | "patch" | "delete";
export const HTTP_METHODS: readonly HttpMethod[] = ["get", "post", "put", "patch", "delete"];

/** A 2xx answers with a schema (or a description alone for 204); a 4xx with a description of when it happens. */
export type ResponseSpec = z.ZodType | string;

export type ApiOperation = {
  method: HttpMethod;
  /** OpenAPI style: `/api/v1/accounts/{id}/statistics` */
  path: string;
  operationId: string;
  summary: string;
  /** Markdown; what the summary leaves out */
  description?: string;
  /** the first tag groups the operation on the reference page */
  tags: string[];
  /** "none" for public routes; every other route takes an API key */
  auth?: "api_key" | "none";
  /** the path parameters, one property per `{name}` */
  params?: z.ZodType;
  /** the query parameters, one property each (an object schema, perhaps with a transform) */
  query?: z.ZodType;
  /** the JSON request body */
  body?: z.ZodType;
  /**
   * `Idempotency-Key` header: "required" on money moves, "optional" where a retry is safe without one but a
   * key makes it exactly-once.
   */
  idempotency?: "required" | "optional";
  responses: Record<number, ResponseSpec>;
  example?: {
    params?: Record<string, string>;
    query?: Record<string, string>;
    body?: unknown;
    /** the reply of the first 2xx with a schema; a unit test parses it with that schema */
    response?: unknown;
  };
};

/** Keeps each entry's literal types while checking its shape. */
export const defineOperations = (operations: ApiOperation[]) => operations;

/** The first 2xx response of an operation: the one examples and the reference page show. */
export function successOf(op: ApiOperation): { status: number; spec: ResponseSpec } {
  const status = Object.keys(op.responses).map(Number).sort((a, b) => a - b).find((s) => s >= 200 && s < 300);
  if (status === undefined) throw new Error(`${op.operationId} has no 2xx response`);
  return { status, spec: op.responses[status] };
}
