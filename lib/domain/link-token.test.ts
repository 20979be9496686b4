import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { invitationExpiry } from "./members/invitation-token";
import { generateLinkToken, hashLinkToken, isWellFormedLinkToken } from "./link-token";

describe("link tokens", () => {
  it("are 256 random bits, URL-safe, and never repeat", () => {
    const tokens = Array.from({ length: 1000 }, generateLinkToken);
    expect(new Set(tokens).size).toBe(tokens.length);
    for (const token of tokens) {
      expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(Buffer.from(token, "base64url")).toHaveLength(32);
      expect(encodeURIComponent(token)).toBe(token);
      expect(isWellFormedLinkToken(token)).toBe(true);
    }
  });

  it("hash to the SHA-256 hex that the table's CHECK expects", () => {
    const token = generateLinkToken();
    expect(hashLinkToken(token)).toBe(createHash("sha256").update(token).digest("hex"));
    expect(hashLinkToken(token)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashLinkToken(token)).not.toBe(hashLinkToken(generateLinkToken()));
  });

  it.each(["", "a", "x".repeat(42), "x".repeat(44), `${"x".repeat(42)}=`, `${"x".repeat(42)}/`, `${"x".repeat(42)} `])("refuses %j as a token", (token) => {
    expect(isWellFormedLinkToken(token)).toBe(false);
  });

  it("expire 7 days after they are sent", () => {
    expect(invitationExpiry(new Date("2026-11-27T10:00:00Z")).toISOString()).toBe("2026-12-04T10:00:00.000Z");
  });
});
