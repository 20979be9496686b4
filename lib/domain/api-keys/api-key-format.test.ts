import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { apiKeyFromParts, generateApiKey, hashSecret, maskApiKey, parseApiKey, secretMatches } from "@/lib/domain/api-keys/api-key-format";

const KEY_SHAPE = /^sk_live_[0-9a-f]{16}_[0-9a-f]{40}$/;
const KEY_ID = "0123456789abcdef";
const SECRET = "acce55ed0000dead0000beef0000c0ffee000001";

describe("generateApiKey", () => {
  it("makes keys of the form sk_live_<16 hex>_<40 hex>", () => {
    for (let i = 0; i < 20; i++) {
      const key = generateApiKey();
      expect(key.plaintext).toMatch(KEY_SHAPE);
      expect(key.plaintext).toBe(`sk_live_${key.keyId}_${parseApiKey(key.plaintext)!.secret}`);
      expect(key.keyId).toMatch(/^[0-9a-f]{16}$/);
    }
  });

  it("stores the SHA-256 of the secret and its last four characters, never the secret", () => {
    const key = generateApiKey();
    const { secret } = parseApiKey(key.plaintext)!;
    expect(key.secretHash).toBe(createHash("sha256").update(secret).digest("hex"));
    expect(key.secretHash).toMatch(/^[0-9a-f]{64}$/);
    expect(key.lastFour).toBe(secret.slice(-4));
    expect(Object.values(key).filter((v) => v !== key.plaintext).some((v) => v.includes(secret))).toBe(false);
  });

  it("makes a different key every time", () => {
    const keys = Array.from({ length: 50 }, () => generateApiKey());
    expect(new Set(keys.map((k) => k.plaintext)).size).toBe(50);
    expect(new Set(keys.map((k) => k.keyId)).size).toBe(50);
    expect(new Set(keys.map((k) => k.secretHash)).size).toBe(50);
  });
});

describe("apiKeyFromParts", () => {
  it("builds a key from a fixed id and secret", () => {
    expect(apiKeyFromParts(KEY_ID, SECRET)).toEqual({
      plaintext: `sk_live_${KEY_ID}_${SECRET}`,
      keyId: KEY_ID,
      secretHash: hashSecret(SECRET),
      lastFour: "0001",
    });
  });

  it.each([
    ["0123456789ABCDEF", SECRET],
    ["0123456789abcde", SECRET],
    [KEY_ID, SECRET.slice(1)],
    [KEY_ID, `${SECRET}0`],
    [KEY_ID, SECRET.replace("a", "g")],
    ["0123_56789abcdef", SECRET],
  ])("refuses malformed parts %j / %j", (keyId, secret) => {
    expect(() => apiKeyFromParts(keyId, secret)).toThrow("malformed API key parts");
  });
});

describe("parseApiKey", () => {
  it("round-trips a generated key", () => {
    const key = generateApiKey();
    const parsed = parseApiKey(key.plaintext);
    expect(parsed).not.toBeNull();
    expect(parsed!.keyId).toBe(key.keyId);
    expect(apiKeyFromParts(parsed!.keyId, parsed!.secret)).toEqual(key);
  });

  it("ignores surrounding whitespace (a pasted key)", () => {
    expect(parseApiKey(`  sk_live_${KEY_ID}_${SECRET}\n`)).toEqual({ keyId: KEY_ID, secret: SECRET });
  });

  it.each([
    "",
    "sk_live_",
    "sk_live__",
    `sk_test_${KEY_ID}_${SECRET}`,
    `SK_LIVE_${KEY_ID}_${SECRET}`,
    `sk_live_${KEY_ID.toUpperCase()}_${SECRET}`,
    `sk_live_${KEY_ID}_${SECRET.toUpperCase()}`,
    `sk_live_${KEY_ID.slice(1)}_${SECRET}`,
    `sk_live_${KEY_ID}_${SECRET.slice(1)}`,
    `sk_live_${KEY_ID}_${SECRET}0`,
    `sk_live_${KEY_ID}${SECRET}`,
    `sk_live_${KEY_ID}_${SECRET}_extra`,
    `xsk_live_${KEY_ID}_${SECRET}`,
    `${KEY_ID}_${SECRET}`,
    `sk_live_${KEY_ID}_${SECRET.slice(0, 39)}g`,
    `Bearer sk_live_${KEY_ID}_${SECRET}`,
    `sk_live_${KEY_ID}_${SECRET.slice(0, 20)} ${SECRET.slice(20)}`,
  ])("rejects %j", (text) => {
    expect(parseApiKey(text)).toBeNull();
  });
});

describe("secretMatches", () => {
  it("is true for the right secret and false for any other", () => {
    const key = generateApiKey();
    const { secret } = parseApiKey(key.plaintext)!;
    expect(secretMatches(secret, key.secretHash)).toBe(true);
    expect(secretMatches(parseApiKey(generateApiKey().plaintext)!.secret, key.secretHash)).toBe(false);
    const oneCharOff = secret.slice(0, -1) + (secret.endsWith("0") ? "1" : "0");
    expect(secretMatches(oneCharOff, key.secretHash)).toBe(false);
    expect(secretMatches("", key.secretHash)).toBe(false);
  });
});

describe("maskApiKey", () => {
  it("shows the public prefix and the last four characters only", () => {
    const key = generateApiKey();
    const { secret } = parseApiKey(key.plaintext)!;
    const masked = maskApiKey(key.keyId, key.lastFour);
    expect(masked).toBe(`sk_live_${key.keyId}_…${secret.slice(-4)}`);
    expect(masked).toMatch(/^sk_live_[0-9a-f]{16}_…[0-9a-f]{4}$/);
    expect(masked).not.toContain(secret);
    expect(parseApiKey(masked)).toBeNull();
  });
});
