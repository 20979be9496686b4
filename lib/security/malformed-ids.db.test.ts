// Ids that cannot name a row (not a number, a fraction, past PostgreSQL's integer) are refused like a missing
// row, never passed on to the database: there they failed the query, and the caller got a 500. Found by the
// input fuzz (input-fuzz.db.test.ts); each case here failed before its fix.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { prisma } from "@/lib/db/client";
import { stopQueue } from "@/lib/jobs/boss";
import { requireAccess } from "@/lib/auth/access";
import { NotFoundError } from "@/lib/domain/errors";
import { rejection } from "@/lib/testing/assertions";
import { apiRequest, keyOf, routeParams } from "@/lib/testing/api-requests";
import { makeChild, makeTenant, type TestTenant } from "@/lib/testing/factories";
import * as autoRecharge from "@/app/api/v1/accounts/[id]/auto-recharge/route";
import * as statistics from "@/app/api/v1/accounts/[id]/statistics/route";
import * as messages from "@/app/api/v1/messages/route";
import * as carrierCallback from "@/app/api/carrier-callbacks/[connectionId]/[token]/route";
import * as ledgerExport from "@/app/(dashboard)/accounts/[accountId]/ledger/export/route";
import * as messagesExport from "@/app/(dashboard)/accounts/[accountId]/messages/export/route";
import * as statisticsExport from "@/app/(dashboard)/accounts/[accountId]/statistics/export/route";

const session = vi.hoisted(() => ({ userId: null as number | null }));
vi.mock("@/lib/auth/auth", () => ({ auth: async () => (session.userId === null ? null : { user: { id: String(session.userId) } }) }));

afterAll(() => stopQueue());

let tenant: TestTenant;
let key: string;
beforeAll(async () => {
  tenant = await makeTenant();
  await makeChild(tenant);
  key = (await keyOf(tenant, tenant.masterAccountId)).plaintext;
});

const PAST_INT4 = ["2147483648", "4294967296", "9999999999"];

describe("native path ids past PostgreSQL's integer: 404", () => {
  for (const id of PAST_INT4) {
    it(`/api/v1/accounts/${id}/auto-recharge and /statistics`, async () => {
      const path = `/api/v1/accounts/${id}`;
      expect((await autoRecharge.GET(apiRequest(`${path}/auto-recharge`, key), routeParams({ id }))).status).toBe(404);
      expect((await autoRecharge.PUT(apiRequest(`${path}/auto-recharge`, key, { method: "PUT", body: { threshold: "1", amount: "5" } }), routeParams({ id }))).status).toBe(404);
      expect((await autoRecharge.DELETE(apiRequest(`${path}/auto-recharge`, key, { method: "DELETE" }), routeParams({ id }))).status).toBe(404);
      expect((await statistics.GET(apiRequest(`${path}/statistics`, key), routeParams({ id }))).status).toBe(404);
    });
  }
});

describe("an HTTP upstream's callback to a connection id past PostgreSQL's integer: 404", () => {
  for (const connectionId of PAST_INT4) {
    it(`/api/carrier-callbacks/${connectionId}/…`, async () => {
      const res = await carrierCallback.POST(
        new Request(`http://subledger.test/api/carrier-callbacks/${connectionId}/token`, { method: "POST", headers: { "content-type": "application/json" }, body: '{"messageId":"1","status":"DELIVERED"}' }),
        routeParams({ connectionId, token: "token" }),
      );
      expect(res.status, await res.text()).toBe(404);
    });
  }
});

describe("GET /api/v1/messages?account_id= that is not an id: 422 naming it", () => {
  for (const value of ["1.5", "-2147483649", "2147483648", "1e99", "abc"]) {
    it(value, async () => {
      const res = await messages.GET(apiRequest(`/api/v1/messages?account_id=${encodeURIComponent(value)}`, key));
      const body = (await res.json()) as { error: { code: string; details?: Record<string, string[]> } };
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect(Object.keys(body.error.details ?? {})).toEqual(["account_id"]);
    });
  }
});

describe("the dashboard's exports and requireAccess: an id that names no account is not found", () => {
  const exports = { ledger: ledgerExport.GET, messages: messagesExport.GET, statistics: statisticsExport.GET };
  for (const accountId of ["abc", "1.5", "0", "-3", "99999999999", "2147483648"]) {
    it(`/accounts/${accountId}/…/export`, async () => {
      session.userId = tenant.ownerUserId;
      for (const [name, GET] of Object.entries(exports)) {
        const res = await GET(new Request(`http://subledger.test/accounts/${accountId}/${name}/export`), routeParams({ accountId }) as never);
        expect(res.status, `${name}: ${await res.text()}`).toBe(404);
      }
    });
  }

  it("requireAccess refuses NaN, fractions, zero and ids past the column before asking the database, and records the denial", async () => {
    session.userId = tenant.ownerUserId;
    const before = await prisma.auditEvent.count({ where: { tenantId: tenant.tenantId, action: "denied" } });
    for (const id of [Number.NaN, 1.5, 0, -1, 2_147_483_648, Number.MAX_SAFE_INTEGER]) {
      expect(await rejection(requireAccess(id, "viewer"))).toBeInstanceOf(NotFoundError);
    }
    expect(await prisma.auditEvent.count({ where: { tenantId: tenant.tenantId, action: "denied" } })).toBe(before + 6);
  });
});
