// Each native route handler, called as Next calls it against the real database, answers what the OpenAPI
// document says: a status the operation lists, and a body its schema parses to exactly itself (so a field the
// document does not know, a missing one or one of the wrong type fails here).
import { afterAll, describe, expect, it } from "vitest";
import type { z } from "zod";
import { stopQueue } from "@/lib/jobs/boss";
import { createApiKey } from "@/lib/domain/api-keys/create-api-key";
import { credit, fundMaster, makeChild, makeTenant } from "@/lib/testing/factories";
import { sendAt, setStatusAt } from "@/lib/testing/backdated-messages";
import { getOpenApiDocument } from "./document";
import { API_OPERATIONS } from "./operations";
import { apiErrorSchema } from "./primitives";
import * as messages from "@/app/api/v1/messages/route";
import * as estimate from "@/app/api/v1/messages/estimate/route";
import * as message from "@/app/api/v1/messages/[id]/route";
import * as statistics from "@/app/api/v1/accounts/[id]/statistics/route";
import * as autoRecharge from "@/app/api/v1/accounts/[id]/auto-recharge/route";
import * as openapi from "@/app/api/v1/openapi.json/route";

afterAll(() => stopQueue());

const BASE = "http://subledger.test";
const CY = "+35799123456";

type Init = { method?: string; key?: string | null; body?: unknown; headers?: Record<string, string> };
function request(path: string, { method = "GET", key = null, body, headers = {} }: Init = {}) {
  const all: Record<string, string> = { accept: "application/json", ...headers };
  if (key) all.authorization = `Bearer ${key}`;
  if (body !== undefined) all["content-type"] = "application/json";
  return new Request(`${BASE}${path}`, { method, headers: all, body: body === undefined ? undefined : JSON.stringify(body) });
}
const params = <P extends object>(p: P) => ({ params: Promise.resolve(p) });

/** Statuses every key-authenticated route (and every route with a body) may answer without listing them. */
const IMPLIED = new Set([400, 401, 422, 429]);

/** The reply checked against the document's operation; returns the parsed JSON for further checks. */
async function documentedReply(operationId: string, res: Response) {
  const op = API_OPERATIONS.find((o) => o.operationId === operationId);
  if (!op) throw new Error(`no operation ${operationId}`);
  const spec = op.responses[res.status];
  expect(spec !== undefined || IMPLIED.has(res.status), `${operationId} answered ${res.status}, which the document does not list`).toBe(true);
  if (res.status === 204) {
    expect(await res.text()).toBe("");
    return undefined;
  }
  expect(res.headers.get("content-type")).toBe("application/json");
  const body: unknown = await res.json();
  const schema: z.ZodType = res.status >= 400 || typeof spec === "string" ? apiErrorSchema : spec;
  const parsed = schema.safeParse(body);
  expect(parsed.success ? [] : parsed.error.issues, `${operationId} ${res.status}`).toEqual([]);
  expect(parsed.data, `${operationId} ${res.status}: a field the schema does not know`).toEqual(body);
  return body as Record<string, unknown>;
}

async function memberWithKey() {
  const tenant = await makeTenant();
  await fundMaster(tenant, 200_000_000n);
  const member = await makeChild(tenant, { name: "Shop" });
  await credit(tenant, member.id, 50_000_000n);
  const masterKey = (await createApiKey({ ctx: tenant.owner, input: { accountId: tenant.masterAccountId, name: "master" } })).plaintext;
  const memberKey = (await createApiKey({ ctx: tenant.owner, input: { accountId: member.id, name: "member" } })).plaintext;
  return { tenant, member, masterKey, memberKey };
}

describe("native replies match the OpenAPI document", () => {
  it("messages: send one and a batch, estimate, list, read one; errors in the error shape", async () => {
    const { memberKey } = await memberWithKey();
    const one = await documentedReply(
      "sendMessages",
      await messages.POST(request("/api/v1/messages", { method: "POST", key: memberKey, body: { to: CY, message: "Your code is 1234", sender_id: "Acme" }, headers: { "idempotency-key": "one" } })),
    );
    const replay = await messages.POST(request("/api/v1/messages", { method: "POST", key: memberKey, body: { to: CY, message: "Your code is 1234", sender_id: "Acme" }, headers: { "idempotency-key": "one" } }));
    expect(replay.headers.get("idempotent-replayed")).toBe("true");
    await documentedReply("sendMessages", replay);
    const batch = await documentedReply(
      "sendMessages",
      await messages.POST(request("/api/v1/messages", { method: "POST", key: memberKey, body: { messages: [{ to: CY, message: "a" }, { to: "+447400123456", message: "b" }] } })),
    );
    expect(batch).toMatchObject({ count: 2 });

    await documentedReply("estimateMessages", await estimate.POST(request("/api/v1/messages/estimate", { method: "POST", key: memberKey, body: { to: [CY, "12"], message: "hi" } })));
    const page = await documentedReply("listMessages", await messages.GET(request("/api/v1/messages?page_size=10", { key: memberKey })));
    expect(page).toMatchObject({ total: 3 });
    const id = String(one!.id);
    await documentedReply("getMessage", await message.GET(request(`/api/v1/messages/${id}`, { key: memberKey }), params({ id })));

    await documentedReply("getMessage", await message.GET(request("/api/v1/messages/999999999", { key: memberKey }), params({ id: "999999999" })));
    await documentedReply("sendMessages", await messages.POST(request("/api/v1/messages", { method: "POST", key: memberKey, body: { to: "12", message: "hi" } })));
    await documentedReply("sendMessages", await messages.POST(request("/api/v1/messages", { method: "POST", key: null, body: { to: CY, message: "hi" } })));
  });

  it("statistics: totals alone and every grouping", async () => {
    const { tenant, member, masterKey } = await memberWithKey();
    const ids = await sendAt(tenant, member.id, "2026-01-10T10:00:00Z", "CY", 2);
    await setStatusAt(tenant, ids.slice(0, 1), "delivered", "2026-01-10T10:00:05Z");
    const id = String(tenant.masterAccountId);
    for (const groupBy of ["", "member", "day", "country", "status"]) {
      const query = `?from=2026-01-09&to=2026-01-11${groupBy ? `&group_by=${groupBy}` : ""}`;
      const reply = await documentedReply("getAccountStatistics", await statistics.GET(request(`/api/v1/accounts/${id}/statistics${query}`, { key: masterKey }), params({ id })));
      expect(reply).toMatchObject({ group_by: groupBy || null, totals: { messages: 2 } });
      if (groupBy) expect((reply!.groups as unknown[]).length).toBeGreaterThan(0);
    }
    await documentedReply("getAccountStatistics", await statistics.GET(request(`/api/v1/accounts/${id}/statistics?group_by=week`, { key: masterKey }), params({ id })));
  });

  it("auto-recharge: set, read, remove; a missing rule is the error shape", async () => {
    const { member, masterKey } = await memberWithKey();
    const id = String(member.id);
    const path = `/api/v1/accounts/${id}/auto-recharge`;
    await documentedReply("setAutoRecharge", await autoRecharge.PUT(request(path, { method: "PUT", key: masterKey, body: { threshold: "5.00", target: "25.5", max_amount_per_day: "100" } }), params({ id })));
    const rule = await documentedReply("getAutoRecharge", await autoRecharge.GET(request(path, { key: masterKey }), params({ id })));
    expect(rule).toMatchObject({ mode: "top_up", target: "25.5" });
    await documentedReply("removeAutoRecharge", await autoRecharge.DELETE(request(path, { method: "DELETE", key: masterKey }), params({ id })));
    await documentedReply("getAutoRecharge", await autoRecharge.GET(request(path, { key: masterKey }), params({ id })));
  });

  it("the document itself: public, cacheable, and what the builder made", async () => {
    const res = await openapi.GET(request("/api/v1/openapi.json"));
    expect(res.headers.get("cache-control")).toBe("public, max-age=3600");
    expect(await documentedReply("getOpenApiDocument", res)).toEqual(JSON.parse(JSON.stringify(getOpenApiDocument())));
  });
});
