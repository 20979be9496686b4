// The native API's money routes (credit, debit, topup, transfers) against the real ledger: amounts as exact
// decimal strings, the required Idempotency-Key (replay, conflict, per-key namespaces), who may move what.
import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/client";
import { stopQueue } from "@/lib/jobs/boss";
import { transferListSchema, transferSchema } from "@/lib/api/v1/transfers";
import { suspendMember } from "@/lib/domain/members/suspend-member";
import { createOperatorKey } from "@/lib/domain/platform/create-operator-key";
import { testOperator } from "@/lib/testing/operator";
import { apiRequest, expectBody, expectError, keyOf, revokeKey, routeParams } from "@/lib/testing/api-requests";
import { balanceOf, credit, fundMaster, makeChild, makeTenant, type TestTenant } from "@/lib/testing/factories";
import * as creditRoute from "@/app/api/v1/accounts/[id]/credit/route";
import * as debitRoute from "@/app/api/v1/accounts/[id]/debit/route";
import * as topupRoute from "@/app/api/v1/accounts/[id]/topup/route";
import * as transfersRoute from "@/app/api/v1/accounts/[id]/transfers/route";

afterAll(() => stopQueue());

type Key = string | null;
type Move = "credit" | "debit" | "topup";
const HANDLERS = { credit: creditRoute.POST, debit: debitRoute.POST, topup: topupRoute.POST };

/** A money call; `idem: null` leaves the header out. */
function move(kind: Move, key: Key, id: number | string, body: unknown, idem: string | null = randomUUID()) {
  const headers: Record<string, string> = idem === null ? {} : { "idempotency-key": idem };
  return HANDLERS[kind](apiRequest(`/api/v1/accounts/${id}/${kind}`, key, { body, headers }), routeParams({ id: String(id) }));
}
const transfers = (key: Key, id: number | string, query = "") =>
  transfersRoute.GET(apiRequest(`/api/v1/accounts/${id}/transfers${query}`, key), routeParams({ id: String(id) }));

const EUR = 1_000_000n;
const transferCount = (tenant: TestTenant) => prisma.transfer.count({ where: { tenantId: tenant.tenantId } });

/** An operator API key (money enters a tenant only through one, or the console). */
async function newOperatorKey() {
  return (await createOperatorKey({ ctx: await testOperator(), input: { name: "money routes" } })).plaintext;
}

async function setUp() {
  const tenant = await makeTenant();
  const master = await keyOf(tenant, tenant.masterAccountId, "master");
  const member = await makeChild(tenant);
  return { tenant, master, key: master.plaintext, member };
}

describe("POST /api/v1/accounts/{id}/topup", () => {
  it("records a payment into a master with an operator key; a replay answers with the first transfer and says so", async () => {
    const { tenant } = await setUp();
    const operatorKey = await newOperatorKey();
    const idem = randomUUID();
    const body = { amount: "100.50", reference: "INV-42", memo: "Wire 42" };
    const first = await move("topup", operatorKey, tenant.masterAccountId, body, idem);
    expect(first.headers.get("idempotent-replayed")).toBeNull();
    const transfer = await expectBody(first, 201, transferSchema);
    expect(transfer).toMatchObject({ kind: "topup", amount: "100.5", currency: "EUR", to_account_id: tenant.masterAccountId, to_balance_after: "100.5", memo: "Wire 42" });
    expect(await balanceOf(tenant, tenant.masterAccountId)).toBe(100_500_000n);
    expect(await prisma.payment.findFirst({ where: { tenantId: tenant.tenantId }, select: { reference: true } })).toEqual({ reference: "INV-42" });

    const replay = await move("topup", operatorKey, tenant.masterAccountId, body, idem);
    expect(replay.headers.get("idempotent-replayed")).toBe("true");
    expect(await expectBody(replay, 201, transferSchema)).toEqual(transfer);
    // the same amount written another way is the same request
    expect((await move("topup", operatorKey, tenant.masterAccountId, { ...body, amount: "100.500000" }, idem)).status).toBe(201);

    for (const other of [{ ...body, amount: "100.51" }, { ...body, memo: undefined }, { ...body, memo: "Wire 43" }, { ...body, reference: "INV-43" }]) {
      const conflict = await expectError(await move("topup", operatorKey, tenant.masterAccountId, other, idem), 409);
      expect(conflict.code).toBe("idempotency_conflict");
    }
    expect(await balanceOf(tenant, tenant.masterAccountId)).toBe(100_500_000n);
    expect(await prisma.transfer.findFirst({ where: { tenantId: tenant.tenantId, kind: "topup" }, select: { idempotencyKey: true } })).toEqual({
      idempotencyKey: expect.stringMatching(/^op:\d+:/),
    });
    expect((await expectError(await move("topup", operatorKey, tenant.masterAccountId, body, null), 400)).code).toBe("idempotency_key_required");
    expect((await expectError(await move("topup", operatorKey, tenant.masterAccountId, { amount: "5" }), 422)).details).toHaveProperty("reference");
  });

  it("refuses every tenant key (403: no tenant makes its own money) and any account but a master (404), moving nothing", async () => {
    const { tenant, key, member } = await setUp();
    const memberKey = (await keyOf(tenant, member.id)).plaintext;
    const body = { amount: "5", reference: "R" };
    for (const [tenantKey, id] of [[key, tenant.masterAccountId], [memberKey, tenant.masterAccountId], [memberKey, member.id]] as const) {
      const refused = await expectError(await move("topup", tenantKey, id, body), 403);
      expect(refused.message).toMatch(/platform's operator/);
    }
    const operatorKey = await newOperatorKey();
    await expectError(await move("topup", operatorKey, member.id, body), 404);
    await expectError(await move("topup", null, tenant.masterAccountId, body), 401);
    expect(await transferCount(tenant)).toBe(0);
    expect(await prisma.auditEvent.count({ where: { tenantId: tenant.tenantId, action: "denied" } })).toBe(3);
  });
});

describe("POST /api/v1/accounts/{id}/credit and /debit", () => {
  it("credits a member from its parent and debits it back, with balances after on both sides", async () => {
    const { tenant, key, member } = await setUp();
    await fundMaster(tenant, 50n * EUR);
    const credited = await expectBody(await move("credit", key, member.id, { amount: "12.345678" }), 201, transferSchema);
    expect(credited).toMatchObject({
      kind: "credit", amount: "12.345678", from_account_id: tenant.masterAccountId, to_account_id: member.id,
      from_balance_after: "37.654322", to_balance_after: "12.345678", memo: null,
    });
    const debited = await expectBody(await move("debit", key, member.id, { amount: "2.345678", memo: "correction" }), 201, transferSchema);
    expect(debited).toMatchObject({ kind: "debit", from_account_id: member.id, to_account_id: tenant.masterAccountId, from_balance_after: "10", to_balance_after: "40", memo: "correction" });
    expect(BigInt(debited.id)).toBeGreaterThan(BigInt(credited.id));
    expect(await balanceOf(tenant, member.id)).toBe(10n * EUR);

    // a partner's key credits its own members from its own balance
    const partner = await makeChild(tenant, { isPartner: true });
    const nested = await makeChild(tenant, { parentId: partner.id });
    await credit(tenant, partner.id, 5n * EUR);
    const partnerKey = (await keyOf(tenant, partner.id)).plaintext;
    expect(await expectBody(await move("credit", partnerKey, nested.id, { amount: "1.5" }), 201, transferSchema)).toMatchObject({
      from_account_id: partner.id, from_balance_after: "3.5", to_balance_after: "1.5",
    });
  });

  it("refuses amounts that are not positive decimal strings with at most 6 decimals, moving nothing", async () => {
    const { tenant, key, member } = await setUp();
    await fundMaster(tenant, 10n * EUR);
    const before = await transferCount(tenant);
    const refused = async (body: unknown, kind: Move = "credit") => {
      const error = await expectError(await move(kind, key, member.id, body), 422);
      expect(error.code).toBe("validation_failed");
      return error.details!;
    };
    const asString = 'Send the amount as a decimal string such as "12.50": a JSON number is not exact.';
    expect(await refused({ amount: 12.5 })).toEqual({ amount: [asString] });
    expect(await refused({ amount: 1 }, "debit")).toEqual({ amount: [asString] });
    expect(await refused({ amount: null })).toEqual({ amount: [asString] });
    expect(await refused({ amount: true })).toEqual({ amount: [asString] });
    expect(await refused({})).toEqual({ amount: ['Send the amount, e.g. "12.50".'] });
    expect(await refused({ amount: "-5" })).toEqual({ amount: ["The amount must be positive."] });
    expect(await refused({ amount: "0" })).toEqual({ amount: ["The amount must be positive."] });
    expect(await refused({ amount: "0.0000001" })).toEqual({ amount: ["Use at most 6 decimals."] });
    expect(await refused({ amount: "1.1234567" })).toEqual({ amount: ["Use at most 6 decimals."] });
    expect(await refused({ amount: "1000000000000" })).toEqual({ amount: ["The amount is too large."] });
    expect(await refused({ amount: "99999999999999999999999" })).toEqual({ amount: ["The amount is too large."] });
    expect(await refused({ amount: "1e3" })).toEqual({ amount: ["Enter an amount such as 25 or 12.50."] });
    expect(await refused({ amount: "1,000.00" })).toEqual({ amount: ["Enter an amount such as 25 or 12.50."] });
    expect(await refused({ amount: "" })).toEqual({ amount: ["Enter an amount such as 25 or 12.50."] });
    expect(await refused({ amount: "5", memo: 7 })).toEqual({ memo: ["Send the memo as a string, or null."] });
    expect(await refused({ amount: "5", memo: "m".repeat(201) })).toEqual({ memo: ["Keep the memo under 200 characters."] });
    expect((await expectError(await move("credit", key, member.id, "{amount: 5}"), 400)).code).toBe("invalid_json");
    expect((await expectError(await move("credit", key, member.id, ""), 400)).code).toBe("invalid_json");
    expect(await transferCount(tenant)).toBe(before);
  });

  it("requires an Idempotency-Key (400), namespaces it per API key, and refuses it for another move (409)", async () => {
    const { tenant, key, member } = await setUp();
    await fundMaster(tenant, 10n * EUR);
    const missing = await expectError(await move("credit", key, member.id, { amount: "1" }, null), 400);
    expect(missing.code).toBe("idempotency_key_required");
    expect(missing.message).toMatch(/Idempotency-Key/);
    expect((await expectError(await move("debit", key, member.id, { amount: "1" }, null), 400)).code).toBe("idempotency_key_required");
    expect((await expectError(await move("credit", key, member.id, { amount: "1" }, "é"), 400)).code).toBe("invalid_idempotency_key");
    expect((await expectError(await move("credit", key, member.id, { amount: "1" }, "x".repeat(256)), 400)).code).toBe("invalid_idempotency_key");

    // a short key and a long one both work and replay (the long one is stored as a digest)
    for (const idem of ["1", "k".repeat(255)]) {
      const first = await expectBody(await move("credit", key, member.id, { amount: "1" }, idem), 201, transferSchema);
      const again = await move("credit", key, member.id, { amount: "1" }, idem);
      expect(again.headers.get("idempotent-replayed")).toBe("true");
      expect((await expectBody(again, 201, transferSchema)).id).toBe(first.id);
    }
    expect(await balanceOf(tenant, member.id)).toBe(2n * EUR);

    // the same header from another API key of the tenant is another operation
    const second = await keyOf(tenant, tenant.masterAccountId, "second");
    const mine = await expectBody(await move("credit", key, member.id, { amount: "1" }, "order-1"), 201, transferSchema);
    const theirs = await move("credit", second.plaintext, member.id, { amount: "1" }, "order-1");
    expect(theirs.headers.get("idempotent-replayed")).toBeNull();
    expect((await expectBody(theirs, 201, transferSchema)).id).not.toBe(mine.id);
    expect(await balanceOf(tenant, member.id)).toBe(4n * EUR);

    // one key, another kind or another account: a conflict
    expect((await expectError(await move("debit", key, member.id, { amount: "1" }, "order-1"), 409)).code).toBe("idempotency_conflict");
    const other = await makeChild(tenant);
    expect((await expectError(await move("credit", key, other.id, { amount: "1" }, "order-1"), 409)).code).toBe("idempotency_conflict");
    expect(await balanceOf(tenant, member.id)).toBe(4n * EUR);
    expect(await balanceOf(tenant, other.id)).toBe(0n);
  });

  it("answers 402 without funds, 409 from a suspended account, 404 for the key's own, a sibling's or another tenant's account", async () => {
    const { tenant, key, member } = await setUp();
    await fundMaster(tenant, 3n * EUR);
    const poor = await expectError(await move("credit", key, member.id, { amount: "3.000001" }), 402);
    expect(poor.code).toBe("insufficient_funds");
    expect(poor.message).toMatch(/3\.00/);
    await expectBody(await move("credit", key, member.id, { amount: "2" }), 201, transferSchema);
    expect((await expectError(await move("debit", key, member.id, { amount: "2.01" }), 402)).code).toBe("insufficient_funds");

    await suspendMember({ ctx: tenant.owner, input: { accountId: member.id } });
    expect((await expectError(await move("debit", key, member.id, { amount: "1" }), 409)).code).toBe("account_suspended");

    const sibling = await makeChild(tenant);
    const siblingKey = (await keyOf(tenant, sibling.id)).plaintext;
    await expectError(await move("credit", siblingKey, sibling.id, { amount: "1" }), 404);
    await expectError(await move("debit", siblingKey, member.id, { amount: "1" }), 404);
    await expectError(await move("credit", key, tenant.masterAccountId, { amount: "1" }), 404);
    const foreign = await makeChild(await makeTenant());
    await expectError(await move("credit", key, foreign.id, { amount: "1" }), 404);
    await expectError(await move("credit", key, "12abc", { amount: "1" }), 404);
    await expectError(await move("credit", key, "99999999999", { amount: "1" }), 404);
    expect(await balanceOf(tenant, member.id)).toBe(2n * EUR);
  });

  it("answers 401 to a revoked key and to a key of a suspended account, moving nothing", async () => {
    const { tenant, master, member } = await setUp();
    await fundMaster(tenant, 10n * EUR);
    const partner = await makeChild(tenant, { isPartner: true });
    const nested = await makeChild(tenant, { parentId: partner.id });
    await credit(tenant, partner.id, 5n * EUR);
    const partnerKey = (await keyOf(tenant, partner.id)).plaintext;
    await suspendMember({ ctx: tenant.owner, input: { accountId: partner.id } });
    await expectError(await move("credit", partnerKey, nested.id, { amount: "1" }), 401);

    await revokeKey(tenant, master.id);
    await expectError(await move("credit", master.plaintext, member.id, { amount: "1" }), 401);
    await expectError(await move("credit", null, member.id, { amount: "1" }), 401);
    expect(await balanceOf(tenant, member.id)).toBe(0n);
    expect(await balanceOf(tenant, nested.id)).toBe(0n);
  });
});

describe("GET /api/v1/accounts/{id}/transfers", () => {
  it("pages the account's ledger with filters; scope=subtree adds the accounts below", async () => {
    const { tenant, key, member } = await setUp();
    await fundMaster(tenant, 100n * EUR);
    await move("credit", key, member.id, { amount: "30", memo: "first" });
    await move("credit", key, member.id, { amount: "5.5" });
    await move("debit", key, member.id, { amount: "0.25" });

    const own = await expectBody(await transfers(key, member.id), 200, transferListSchema);
    expect(own).toMatchObject({ page: 1, per_page: 25, total: 3, currency: "EUR" });
    expect(own.data.map((l) => [l.kind, l.signed_amount, l.balance_after])).toEqual([
      ["debit", "-0.25", "35.25"],
      ["credit", "5.5", "35.5"],
      ["credit", "30", "30"],
    ]);
    expect(own.data[2]).toMatchObject({ memo: "first", actor: "API key master", from_account_id: tenant.masterAccountId, to_account_id: member.id });

    const oldest = await expectBody(await transfers(key, member.id, "?sort=oldest&per_page=1&page=2"), 200, transferListSchema);
    expect(oldest).toMatchObject({ total: 3, per_page: 1, page: 2, data: [{ amount: "5.5" }] });
    expect((await expectBody(await transfers(key, member.id, "?kind=debit"), 200, transferListSchema)).total).toBe(1);
    expect((await expectBody(await transfers(key, member.id, "?min_amount=5&max_amount=5.5"), 200, transferListSchema)).total).toBe(1);
    const today = new Date().toISOString().slice(0, 10);
    expect((await expectBody(await transfers(key, member.id, `?from=${today}&to=${today}`), 200, transferListSchema)).total).toBe(3);
    expect((await expectBody(await transfers(key, member.id, "?to=2000-01-01"), 200, transferListSchema)).total).toBe(0);

    const master = await expectBody(await transfers(key, tenant.masterAccountId), 200, transferListSchema);
    expect(master.total).toBe(4);
    expect(master.data.at(-1)).toMatchObject({ kind: "topup", from_name: "Funding (money in)", signed_amount: "100" });
    const other = await makeChild(tenant);
    await move("credit", key, other.id, { amount: "1" });
    expect((await expectBody(await transfers(key, tenant.masterAccountId, `?member_id=${member.id}`), 200, transferListSchema)).total).toBe(3);
    const subtree = await expectBody(await transfers(key, member.id, "?scope=subtree"), 200, transferListSchema);
    expect(subtree.total).toBe(3);

    // the member's own key reads its own ledger, not the master's
    const memberKey = (await keyOf(tenant, member.id)).plaintext;
    expect((await expectBody(await transfers(memberKey, member.id), 200, transferListSchema)).total).toBe(3);
    await expectError(await transfers(memberKey, tenant.masterAccountId), 404);
    await expectError(await transfers(memberKey, other.id), 404);
  });

  it("refuses a malformed query (422) and ids outside the key's subtree (404)", async () => {
    const { tenant, key, member } = await setUp();
    for (const [query, field] of [
      ["?kind=gift", "kind"],
      ["?scope=tenant", "scope"],
      ["?per_page=101", "per_page"],
      ["?page=0", "page"],
      ["?from=2026-02-30", "from"],
      ["?from=2026-03-02&to=2026-03-01", "from"],
      ["?to=yesterday", "to"],
      ["?min_amount=-1", "min_amount"],
      ["?max_amount=1.1234567", "max_amount"],
      ["?member_id=abc", "member_id"],
      ["?sort=amount", "sort"],
    ] as const) {
      const error = await expectError(await transfers(key, member.id, query), 422);
      expect(Object.keys(error.details!), query).toEqual([field]);
    }
    await expectError(await transfers(key, (await makeChild(await makeTenant())).id), 404);
    await expectError(await transfers(key, "abc"), 404);
    await expectError(await transfers(null, tenant.masterAccountId), 401);
  });
});
