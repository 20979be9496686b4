// For the route tests: requests built the way Next hands them to a route handler, keys for test accounts, and
// a check that a reply is exactly what its documented schema describes.
import { expect } from "vitest";
import type { z } from "zod";
import { prisma } from "@/lib/db/client";
import { createApiKey } from "@/lib/domain/api-keys/create-api-key";
import { SMSCENTRAL_ERRORS, type SmscentralErrorName } from "@/lib/api/smscentral";
import type { TestTenant } from "./factories";

export const TEST_API_BASE = "http://subledger.test";

export type RequestInit = { method?: string; body?: unknown; headers?: Record<string, string> };

/** A request to `path` with `key` as its Bearer token; a string body is sent as it is (for broken JSON). */
export function apiRequest(path: string, key: string | null, init: RequestInit = {}) {
  const headers: Record<string, string> = { "content-type": "application/json", accept: "application/json", ...init.headers };
  if (key) headers.authorization = `Bearer ${key}`;
  const body = init.body === undefined ? undefined : typeof init.body === "string" ? init.body : JSON.stringify(init.body);
  return new Request(`${TEST_API_BASE}${path}`, { method: init.method ?? (body === undefined ? "GET" : "POST"), headers, body });
}

/** Next's second route-handler argument. */
export const routeParams = <P extends object>(p: P) => ({ params: Promise.resolve(p) });

/** A fresh API key of `accountId`, made by the tenant's owner. */
export async function keyOf(tenant: TestTenant, accountId: number, name = "test") {
  const key = await createApiKey({ ctx: tenant.owner, input: { accountId, name } });
  return { id: key.id, plaintext: key.plaintext };
}

export async function revokeKey(tenant: TestTenant, keyId: number) {
  await prisma.apiKey.update({ where: { tenantId_id: { tenantId: tenant.tenantId, id: keyId } }, data: { revokedAt: new Date() } });
}

/**
 * The body of a 2xx reply, checked against its response schema: it must parse, and parsing must drop nothing
 * (an undocumented field would be stripped, and then the two differ).
 */
export async function expectBody<S extends z.ZodType>(res: Response, status: number, schema: S): Promise<z.output<S>> {
  const body: unknown = await res.json();
  expect(res.status, JSON.stringify(body)).toBe(status);
  const parsed = schema.safeParse(body);
  expect(parsed.success, parsed.success ? "" : JSON.stringify(parsed.error.issues)).toBe(true);
  expect(parsed.data).toEqual(body);
  return parsed.data as z.output<S>;
}

/** The error of a refusal, after checking its status. */
export async function expectError(res: Response, status: number) {
  const body = (await res.json()) as { error: { code: string; message: string; details?: Record<string, string[]> } };
  expect(res.status, JSON.stringify(body)).toBe(status);
  expect(Object.keys(body)).toEqual(["error"]);
  expect(typeof body.error.message).toBe("string");
  return body.error;
}

/** SMS Central's account and user create: the reply is `{error}` with the named error's documented code and status. */
export async function expectSmscentralError(pending: Promise<Response>, name: SmscentralErrorName, description?: string | RegExp) {
  const res = await pending;
  const body = await res.json();
  expect(Object.keys(body)).toEqual(["error"]);
  expect(body.error.errorcode, JSON.stringify(body)).toBe(SMSCENTRAL_ERRORS[name].errorcode);
  expect(res.status).toBe(SMSCENTRAL_ERRORS[name].status);
  expect(typeof body.error.errordescription).toBe("string");
  if (typeof description === "string") expect(body.error.errordescription).toBe(description);
  else if (description) expect(body.error.errordescription).toMatch(description);
}
