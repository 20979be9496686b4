// The account, invitation and money operations on their own through the OpenAPI builder: a valid document,
// examples that are exactly what their schemas describe, one entry per exported route method.
import { readFileSync } from "node:fs";
import path from "node:path";
import { validate } from "@readme/openapi-parser";
import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { buildOpenApiDocument } from "../openapi/build-document";
import { successOf } from "../openapi/operation";
import { ACCOUNT_API_OPERATIONS, ACCOUNT_API_TAGS } from "./account-operations";

const ROUTES: Record<string, string> = {
  "/api/v1/accounts": "accounts/route.ts",
  "/api/v1/accounts/{id}": "accounts/[id]/route.ts",
  "/api/v1/accounts/{id}/suspend": "accounts/[id]/suspend/route.ts",
  "/api/v1/accounts/{id}/activate": "accounts/[id]/activate/route.ts",
  "/api/v1/accounts/{id}/tree": "accounts/[id]/tree/route.ts",
  "/api/v1/accounts/{id}/credit": "accounts/[id]/credit/route.ts",
  "/api/v1/accounts/{id}/debit": "accounts/[id]/debit/route.ts",
  "/api/v1/accounts/{id}/topup": "accounts/[id]/topup/route.ts",
  "/api/v1/accounts/{id}/transfers": "accounts/[id]/transfers/route.ts",
  "/api/v1/invitations": "invitations/route.ts",
  "/api/v1/invitations/{id}": "invitations/[id]/route.ts",
  "/api/v1/invitations/{id}/resend": "invitations/[id]/resend/route.ts",
};
const API_ROOT = path.resolve(import.meta.dirname, "../../../app/api/v1");

describe("the account, invitation and money operations", () => {
  const document = buildOpenApiDocument(ACCOUNT_API_OPERATIONS, { version: "1", description: "test", tags: ACCOUNT_API_TAGS });

  it("describe exactly the methods their route files export", () => {
    const exported = Object.entries(ROUTES).flatMap(([p, file]) => {
      const source = readFileSync(path.join(API_ROOT, file), "utf8");
      return [...source.matchAll(/export const (GET|POST|PUT|PATCH|DELETE) =/g)].map((m) => `${m[1].toLowerCase()} ${p}`);
    });
    expect(ACCOUNT_API_OPERATIONS.map((op) => `${op.method} ${op.path}`).sort()).toEqual(exported.sort());
    const ids = ACCOUNT_API_OPERATIONS.map((op) => op.operationId);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("build a valid OpenAPI 3.1 document with required Idempotency-Key headers on money moves", async () => {
    const result = await validate(structuredClone(document) as never);
    expect(result.valid ? [] : result.errors).toEqual([]);
    const credit = document.paths["/api/v1/accounts/{id}/credit"].post;
    expect(credit.parameters).toContainEqual(expect.objectContaining({ name: "Idempotency-Key", in: "header", required: true }));
    expect(Object.keys(document.components.schemas)).toEqual(expect.arrayContaining(["Account", "CreatedAccount", "Invitation", "Transfer", "TransferList"]));
  });

  it("have examples that are exactly what their schemas describe", () => {
    for (const op of ACCOUNT_API_OPERATIONS) {
      const schema = successOf(op).spec as z.ZodType;
      expect(schema.parse(op.example?.response), op.operationId).toEqual(op.example?.response);
      if (op.example?.body !== undefined) expect(op.body?.safeParse(op.example.body).success, op.operationId).toBe(true);
      if (op.example?.params !== undefined) expect(op.params?.safeParse(op.example.params).success, op.operationId).toBe(true);
      if (op.example?.query !== undefined) expect(op.query?.safeParse(op.example.query).success, op.operationId).toBe(true);
    }
  });
});
