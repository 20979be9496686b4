import { hkdfSync } from "node:crypto";
import { decodeJwt, decodeProtectedHeader, SignJWT, UnsecuredJWT } from "jose";
import { describe, expect, it } from "vitest";
import {
  apiTokenKey,
  apiTokenKeyFromEnv,
  InvalidApiTokenError,
  looksLikeApiToken,
  MAX_TOKEN_MINUTES,
  signApiToken,
  verifyApiToken,
} from "@/lib/domain/api-keys/api-token-format";
import { rejection } from "@/lib/testing/assertions";

const SECRET = "unit-test-auth-secret-0123456789";
const KEY = apiTokenKey(SECRET);
const CLAIMS = { apiKeyId: 42, tenantId: 7, expiresInMinutes: 0 };
const T0 = new Date("2026-03-01T12:00:00Z");
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

async function expectInvalid(token: string, reason: "expired" | "invalid", key = KEY, now = T0) {
  const err = await rejection(verifyApiToken(token, key, now));
  expect(err).toBeInstanceOf(InvalidApiTokenError);
  expect((err as InvalidApiTokenError).reason).toBe(reason);
}

/** A token with the same header as ours and any payload, signed with `key`. */
const signedWith = (payload: Record<string, unknown>, key: Uint8Array, alg = "HS256") =>
  new SignJWT(payload).setProtectedHeader({ alg, typ: "JWT" }).sign(key);

/** `token` with one character of part `index` changed. */
function tampered(token: string, index: number) {
  const parts = token.split(".");
  const part = parts[index];
  const middle = Math.floor(part.length / 2);
  parts[index] = part.slice(0, middle) + (part[middle] === "A" ? "B" : "A") + part.slice(middle + 1);
  return parts.join(".");
}

describe("apiTokenKey", () => {
  it("derives a 32-byte key that depends on the secret and is not the secret", () => {
    expect(KEY).toHaveLength(32);
    expect(apiTokenKey(SECRET)).toEqual(KEY);
    expect(apiTokenKey(`${SECRET}x`)).not.toEqual(KEY);
    expect(Buffer.from(KEY).includes(Buffer.from(SECRET.slice(0, 8)))).toBe(false);
  });

  it("refuses an empty AUTH_SECRET rather than sign with it", () => {
    expect(() => apiTokenKey("")).toThrow(/AUTH_SECRET is not set/);
    expect(() => apiTokenKeyFromEnv({})).toThrow(/AUTH_SECRET is not set/);
  });

  it("reads AUTH_SECRET, and follows it when it changes", () => {
    expect(apiTokenKeyFromEnv({ AUTH_SECRET: SECRET })).toEqual(KEY);
    expect(apiTokenKeyFromEnv({ AUTH_SECRET: "another" })).toEqual(apiTokenKey("another"));
  });
});

describe("signApiToken and verifyApiToken", () => {
  it("give back the claims signed, without an expiry when the lifetime is 0", async () => {
    const token = await signApiToken(CLAIMS, KEY, T0);
    expect(decodeProtectedHeader(token)).toEqual({ alg: "HS256", typ: "JWT" });
    const payload = decodeJwt(token);
    expect(payload).toMatchObject({ sub: "42", tid: 7, iss: "subledger", iat: T0.getTime() / 1000 });
    expect(payload.exp).toBeUndefined();
    expect(await verifyApiToken(token, KEY, at(100 * 365 * 86_400))).toEqual(CLAIMS);
  });

  it("set exp to the lifetime in minutes and refuse the token from that second on", async () => {
    const token = await signApiToken({ ...CLAIMS, expiresInMinutes: 60 }, KEY, T0);
    expect(decodeJwt(token).exp).toBe(T0.getTime() / 1000 + 3600);
    expect(await verifyApiToken(token, KEY, at(3599))).toEqual({ ...CLAIMS, expiresInMinutes: 60 });
    await expectInvalid(token, "expired", KEY, at(3600));
    await expectInvalid(token, "expired", KEY, at(86_400));
  });

  it("make a different token each time, even within one second", async () => {
    const tokens = await Promise.all(Array.from({ length: 20 }, () => signApiToken(CLAIMS, KEY, T0)));
    expect(new Set(tokens).size).toBe(20);
  });

  it.each([-1, 1.5, MAX_TOKEN_MINUTES + 1, Number.NaN])("refuse to sign a lifetime of %s minutes", async (minutes) => {
    await expect(signApiToken({ ...CLAIMS, expiresInMinutes: minutes }, KEY, T0)).rejects.toThrow(RangeError);
  });

  it("refuse a token whose payload, header or signature was changed", async () => {
    const token = await signApiToken(CLAIMS, KEY, T0);
    for (const index of [0, 1, 2]) await expectInvalid(tampered(token, index), "invalid");
    const [header, , signature] = token.split(".");
    const otherKeyId = Buffer.from(JSON.stringify({ ...decodeJwt(token), sub: "43" })).toString("base64url");
    await expectInvalid(`${header}.${otherKeyId}.${signature}`, "invalid");
  });

  it("refuse a token signed with another AUTH_SECRET", async () => {
    await expectInvalid(await signApiToken(CLAIMS, apiTokenKey("another secret"), T0), "invalid");
  });

  it("refuse a token signed with the raw AUTH_SECRET or a key derived for another purpose", async () => {
    const payload = { tid: 7, sub: "42", iss: "subledger", iat: T0.getTime() / 1000 };
    await expectInvalid(await signedWith(payload, new TextEncoder().encode(SECRET)), "invalid");
    const otherPurpose = new Uint8Array(hkdfSync("sha256", SECRET, "", "subledger/session/v1", 32));
    await expectInvalid(await signedWith(payload, otherPurpose), "invalid");
    // the same payload with the right key passes: the key is the only difference
    expect(await verifyApiToken(await signedWith(payload, KEY), KEY, T0)).toEqual(CLAIMS);
  });

  it("refuse an unsigned token and another algorithm with the same key", async () => {
    const payload = { tid: 7, sub: "42", iss: "subledger", iat: T0.getTime() / 1000 };
    await expectInvalid(new UnsecuredJWT(payload).encode(), "invalid");
    await expectInvalid(await signedWith(payload, KEY, "HS512"), "invalid");
  });

  it.each<[string, Record<string, unknown>]>([
    ["another issuer", { iss: "someone-else" }],
    ["no issuer", { iss: undefined }],
    ["a key id that is not a number", { sub: "abc" }],
    ["a key id of 0", { sub: "0" }],
    ["a key id with a leading zero", { sub: "042" }],
    ["no key id", { sub: undefined }],
    ["a tenant id as a string", { tid: "7" }],
    ["a fractional tenant id", { tid: 7.5 }],
    ["no tenant id", { tid: undefined }],
    ["no issue time", { iat: undefined }],
    ["an expiry before the issue time", { iat: T0.getTime() / 1000, exp: T0.getTime() / 1000 - 60 }],
  ])("refuse a correctly signed token with %s", async (_label, change) => {
    const payload: Record<string, unknown> = { tid: 7, sub: "42", iss: "subledger", iat: T0.getTime() / 1000 - 30, ...change };
    for (const [name, value] of Object.entries(payload)) if (value === undefined) delete payload[name];
    // an expiry in the past would read as expired: the check under test is the claim's shape
    const now = "exp" in change ? at(-120) : T0;
    await expectInvalid(await signedWith(payload, KEY), "invalid", KEY, now);
  });

  it("refuse text that is not a token", async () => {
    for (const token of ["", "a.b.c", "sk_live_0123456789abcdef_0123456789abcdef0123456789abcdef01234567", "x.y"]) {
      await expectInvalid(token, "invalid");
    }
  });
});

describe("looksLikeApiToken", () => {
  it.each<[string, boolean]>([
    ["eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiI0MiJ9.c2ln", true],
    [" eyJh.eyJz.c2ln \n", true],
    ["sk_live_0123456789abcdef_0123456789abcdef0123456789abcdef01234567", false],
    ["a.b", false],
    ["a.b.c.d", false],
    ["a..c", false],
    ["", false],
  ])("%j → %s", (credential, expected) => {
    expect(looksLikeApiToken(credential)).toBe(expected);
  });
});
