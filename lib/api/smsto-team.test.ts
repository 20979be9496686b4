import { describe, expect, it } from "vitest";
import { NotFoundError, ValidationError } from "@/lib/domain/errors";
import { moveMemberFundsSchema } from "@/lib/domain/ledger/schemas";
import { amountFromQuery, ledgerIdempotencyKey, pathId } from "./smsto-team";

const get = (query: string, headers: Record<string, string> = {}) => new Request(`http://subledger.test/v1/team/user/7/credit${query}`, { headers });

describe("pathId", () => {
  it.each([["1", 1], ["2851", 2851], ["2147483647", 2_147_483_647], ["007", 7]])("reads %s as %d", (raw, id) => {
    expect(pathId(raw, "Team member")).toBe(id);
  });
  it.each([["0"], ["-1"], ["1.5"], ["abc"], ["2147483648"], ["99999999999"], [""], [" 1"]])("refuses %j as not found", (raw) => {
    expect(() => pathId(raw, "Team member")).toThrow(new NotFoundError("Team member not found."));
  });
  it("refuses a missing or repeated segment", () => {
    expect(() => pathId(undefined, "Invitation")).toThrow("Invitation not found.");
    expect(() => pathId(["1", "2"], "Invitation")).toThrow("Invitation not found.");
  });
});

describe("amountFromQuery and the ledger's amount schema", () => {
  const micro = (query: string) => moveMemberFundsSchema.shape.amount.parse(amountFromQuery(get(query)));
  it.each([
    ["?amount=5", 5_000_000n],
    ["?amount=2.5", 2_500_000n],
    ["?amount=2.50", 2_500_000n],
    ["?amount=0.000001", 1n],
    ["?amount=%200.1%20", 100_000n],
    ["?api_key=x&amount=999999999999.999999", 999_999_999_999_999_999n],
  ])("%s is %d micro-units", (query, expected) => {
    expect(micro(query)).toBe(expected);
  });
  it("refuses a missing, empty or repeated amount before the ledger sees it", () => {
    for (const query of ["", "?amount=", "?amount=%20", "?other=1"]) {
      expect(() => amountFromQuery(get(query))).toThrow(new ValidationError("The amount field is required.", { amount: ["The amount field is required."] }));
    }
    expect(() => amountFromQuery(get("?amount=1&amount=2"))).toThrow("Send the amount once.");
  });
  it.each([["-1"], ["0"], ["1.0000001"], ["1e3"], ["1.0E%2B25"], ["1000000000000"], ["0x10"], ["NaN"], ["Infinity"]])("refuses %s", (amount) => {
    expect(() => micro(`?amount=${amount}`)).toThrow();
  });
});

describe("ledgerIdempotencyKey", () => {
  it("namespaces a client's key by API key, so that two keys never share one", () => {
    expect(ledgerIdempotencyKey(get("", { "idempotency-key": "order-1" }), 9)).toEqual({ key: "smsto:9:k:order-1", isClientKey: true });
    expect(ledgerIdempotencyKey(get("", { "idempotency-key": "order-1" }), 10).key).toBe("smsto:10:k:order-1");
  });
  it("stores a key too long for the ledger as its digest, under its own prefix", () => {
    const long = ledgerIdempotencyKey(get("", { "idempotency-key": "x".repeat(255) }), 9);
    expect(long.key).toMatch(/^smsto:9:h:[0-9a-f]{64}$/);
    expect(long.key.length).toBeLessThanOrEqual(128);
    expect(ledgerIdempotencyKey(get("", { "idempotency-key": "x".repeat(255) }), 9).key).toBe(long.key);
  });
  it("makes every request without the header a new one", () => {
    const a = ledgerIdempotencyKey(get(""), 9);
    const b = ledgerIdempotencyKey(get(""), 9);
    expect(a.isClientKey).toBe(false);
    expect(a.key).toMatch(/^smsto:9:n:[0-9a-f-]{36}$/);
    expect(a.key).not.toBe(b.key);
  });
  it("refuses a malformed header rather than ignoring it", () => {
    expect(() => ledgerIdempotencyKey(get("", { "idempotency-key": "é" }), 9)).toThrow(/Idempotency-Key/);
  });
});

describe("unknown paths under /v1/team", () => {
  it("answer SMS.to's error object, not the app's HTML 404 page", async () => {
    const { GET, DELETE } = await import("@/app/v1/team/[...path]/route");
    const res = await GET(new Request("http://subledger.test/v1/team/user/2851"));
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toBe("application/json");
    expect(await res.json()).toEqual({ success: false, message: "No such endpoint: GET /v1/team/user/2851." });
    expect((await (await DELETE(new Request("http://subledger.test/v1/team/members/1", { method: "DELETE" }))).json()).success).toBe(false);
  });
});
