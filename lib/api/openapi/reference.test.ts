import { describe, expect, it } from "vitest";
import { z } from "zod";
import { getOpenApiDocument } from "./document";
import type { ApiOperation } from "./operation";
import { API_OPERATIONS, API_TAGS } from "./operations";
import { buildReference, curlExample, typeText } from "./reference";

const ORIGIN = "https://sms.example.com";
const base: ApiOperation = { method: "get", path: "/api/v1/things", operationId: "listThings", summary: "List things", tags: ["T"], responses: { 200: z.object({}) } };

describe("curlExample", () => {
  it("fills the account's id into account paths, the example's values elsewhere, and reads the key from the environment", () => {
    const statistics = API_OPERATIONS.find((op) => op.operationId === "getAccountStatistics")!;
    expect(curlExample(statistics, { origin: ORIGIN, accountId: 7 })).toBe(
      `curl 'https://sms.example.com/api/v1/accounts/7/statistics?from=2026-11-01&to=2026-11-24&group_by=member' \\\n  -H "Authorization: Bearer $SUBLEDGER_API_KEY"`,
    );
    const message = API_OPERATIONS.find((op) => op.operationId === "getMessage")!;
    expect(curlExample(message, { origin: ORIGIN, accountId: 7 })).toContain(`${ORIGIN}/api/v1/messages/1042 `);
  });

  it("posts the example body shell-quoted, with a fixed Idempotency-Key a retry can repeat", () => {
    const op: ApiOperation = { ...base, method: "post", operationId: "creditAccount", body: z.object({ memo: z.string() }), idempotency: "required", example: { body: { memo: "it's paid" } } };
    expect(curlExample(op, { origin: ORIGIN })).toBe(
      [
        `curl -X POST ${ORIGIN}/api/v1/things`,
        `-H "Authorization: Bearer $SUBLEDGER_API_KEY"`,
        `-H "Content-Type: application/json"`,
        `-H "Idempotency-Key: credit-account-0001"`,
        `-d '{"memo":"it'\\''s paid"}'`,
      ].join(" \\\n  "),
    );
  });

  it("sends no key to a public route and marks a path value the example lacks", () => {
    expect(curlExample({ ...base, path: "/api/v1/things/{thingId}", auth: "none" }, { origin: ORIGIN })).toBe(`curl ${ORIGIN}/api/v1/things/%3CthingId%3E`);
  });
});

describe("typeText", () => {
  const document = getOpenApiDocument();
  it.each([
    [{ type: "string" }, "string"],
    [{ anyOf: [{ type: "string" }, { type: "null" }] }, "string | null"],
    [{ type: "array", items: { $ref: "#/components/schemas/Message" } }, "array of Message"],
    [{ type: "string", enum: ["fixed", "top_up"] }, '"fixed" | "top_up"'],
    [{ type: "string", format: "date" }, "string (date)"],
    [{ type: "string", pattern: "^-?\\d+(\\.\\d+)?$" }, "decimal string"],
  ])("%j reads as %s", (schema, text) => expect(typeText(schema, document)).toBe(text));
});

describe("buildReference", () => {
  it("groups every operation under its first tag, in the tags' order, with its fields from the document", () => {
    const groups = buildReference(getOpenApiDocument(), API_OPERATIONS, { origin: ORIGIN, accountId: 7 });
    expect(groups.map((g) => g.tag)).toEqual(API_TAGS.map((t) => t.name).filter((name) => API_OPERATIONS.some((op) => op.tags[0] === name)));
    expect(groups.flatMap((g) => g.endpoints).length).toBe(API_OPERATIONS.length);
    const send = groups.flatMap((g) => g.endpoints).find((e) => e.operationId === "sendMessages")!;
    expect(send.body?.variants.map((v) => v.title)).toEqual(["Form 1: to, message", "Form 2: messages"]);
    expect(send.body?.variants[1].fields.map((f) => f.name)).toEqual(["messages", "messages[].to", "messages[].message", "sender_id", "callback_url", "scheduled_at"]);
    expect(send.parameters).toEqual([expect.objectContaining({ name: "Idempotency-Key", in: "header", required: false })]);
    expect(send.responses.find((r) => r.status === "429")?.description).toMatch(/Retry-After/);
    const rule = groups.flatMap((g) => g.endpoints).find((e) => e.operationId === "setAutoRecharge")!;
    expect(rule.body?.variants[0].fields.find((f) => f.name === "threshold")).toMatchObject({ required: true, type: "string" });
  });
});
