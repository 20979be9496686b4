import { describe, expect, it } from "vitest";
import { auditFields, changedFields } from "./changes";
import { changesText, describeChanges, describeDenial } from "./describe-changes";

describe("changedFields", () => {
  it("keeps only the fields that differ, bigint and dates as strings", () => {
    const at = new Date("2026-11-27T10:00:00.000Z");
    expect(changedFields({ name: "A", limit: null, balance: 5n, at: null }, { name: "A", limit: 10, balance: 5n, at })).toEqual({
      before: { limit: null, at: null },
      after: { limit: 10, at: "2026-11-27T10:00:00.000Z" },
    });
  });

  it("is null when nothing changed, so that a no-op writes no row", () => {
    expect(changedFields({ a: 1n, b: "x" }, { a: 1n, b: "x" })).toBeNull();
  });

  it("treats a field missing on one side as null", () => {
    expect(changedFields({}, { threshold: 3n })).toEqual({ before: { threshold: null }, after: { threshold: "3" } });
  });

  it("auditFields drops undefined and stringifies nested bigints", () => {
    expect(auditFields({ a: undefined, b: { c: 2n }, d: [1n] })).toEqual({ b: { c: "2" }, d: ["1"] });
  });
});

describe("describeChanges", () => {
  it("formats money, booleans, times and ids for people, in a fixed order whatever jsonb kept", () => {
    expect(describeChanges({ threshold: "5000000", is_partner: false }, { threshold: "7500000", is_partner: true }, "EUR")).toEqual([
      { field: "is_partner", label: "Partner", before: "no", after: "yes" },
      { field: "threshold", label: "Threshold", before: "€5.00", after: "€7.50" },
    ]);
    expect(describeChanges(null, { expires_at: "2026-12-04T09:30:00.000Z", api_key_id: 12 }, "EUR")).toEqual([
      { field: "expires_at", label: "Expires at", before: null, after: "2026-12-04 09:30 UTC" },
      { field: "api_key_id", label: "Key id", before: null, after: "#12" },
    ]);
  });

  it("says what was removed and what a refusal tried", () => {
    expect(changesText("auto_recharge_removed", { threshold: "1000000" }, null, "EUR")).toBe("Threshold: €1.00 (removed)");
    expect(changesText("member_suspended", { status: "active" }, { status: "suspended" }, "EUR")).toBe("Status: active → suspended");
    expect(describeDenial({ attempted: "POST /api/v1/accounts/9/credit", target: { id: "9" }, status: 404, code: "not_found" })).toBe(
      "Tried POST /api/v1/accounts/9/credit on id 9 (404 not_found)",
    );
    expect(describeDenial(null)).toBe("Tried a request");
  });
});
