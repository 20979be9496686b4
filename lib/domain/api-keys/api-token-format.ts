import { hkdfSync, randomUUID } from "node:crypto";
import { errors, jwtVerify, SignJWT } from "jose";

// SMS.to's OAuth mode (reference/smsto-api.md §1): a client trades its credentials for a bearer token, a JWT. Ours
// stands for one API key and proves only that its holder once presented that key's secret: every request still
// reads the key, so a revoke, an expiry or a suspension ends its tokens at once. The signing key is derived from
// AUTH_SECRET for this one purpose (HKDF), so that it is neither the secret itself nor next-auth's session key.

const ALGORITHM = "HS256";
const PURPOSE = "subledger/api-token/v1";
const ISSUER = "subledger";

/** What a token stands for. `expiresInMinutes` 0 = no expiry, as SMS.to's tokens by default. */
export type ApiTokenClaims = { apiKeyId: number; tenantId: number; expiresInMinutes: number };

/** At most 100 years: the JWT's `exp` stays a plain number and the dates around it stay valid. */
export const MAX_TOKEN_MINUTES = 100 * 365 * 24 * 60;

export class InvalidApiTokenError extends Error {
  constructor(readonly reason: "expired" | "invalid") {
    super(reason === "expired" ? "token expired" : "invalid token");
  }
}

/** The HMAC key for tokens, derived from `authSecret` with a purpose label. */
export function apiTokenKey(authSecret: string): Uint8Array {
  if (!authSecret) throw new Error("AUTH_SECRET is not set: API tokens cannot be signed or checked");
  return new Uint8Array(hkdfSync("sha256", authSecret, "", PURPOSE, 32));
}

let cached: { secret: string; key: Uint8Array } | undefined;

/** The key from AUTH_SECRET, derived once per secret value. */
export function apiTokenKeyFromEnv(env: Record<string, string | undefined> = process.env): Uint8Array {
  const secret = env.AUTH_SECRET ?? "";
  if (cached?.secret !== secret) cached = { secret, key: apiTokenKey(secret) };
  return cached.key;
}

/** A compact JWS has three base64url parts; an API key (`sk_live_…`) never contains a dot. */
export function looksLikeApiToken(credential: string) {
  return /^[\w-]+\.[\w-]+\.[\w-]+$/.test(credential.trim());
}

/** A signed token; each one is distinct (`jti`), even two issued in the same second. */
export async function signApiToken(claims: ApiTokenClaims, key: Uint8Array, now: Date = new Date()): Promise<string> {
  if (!Number.isSafeInteger(claims.expiresInMinutes) || claims.expiresInMinutes < 0 || claims.expiresInMinutes > MAX_TOKEN_MINUTES) {
    throw new RangeError(`expiresInMinutes must be a whole number from 0 to ${MAX_TOKEN_MINUTES}`);
  }
  const issuedAt = Math.floor(now.getTime() / 1000);
  const jwt = new SignJWT({ tid: claims.tenantId })
    .setProtectedHeader({ alg: ALGORITHM, typ: "JWT" })
    .setIssuer(ISSUER)
    .setSubject(String(claims.apiKeyId))
    .setIssuedAt(issuedAt)
    .setJti(randomUUID());
  if (claims.expiresInMinutes > 0) jwt.setExpirationTime(issuedAt + claims.expiresInMinutes * 60);
  return jwt.sign(key);
}

const positiveInteger = (value: unknown): value is number => typeof value === "number" && Number.isSafeInteger(value) && value > 0;

/**
 * The claims of a token this app signed with `key`, or InvalidApiTokenError: a bad signature, another algorithm
 * (only HS256 is accepted, so `alg: none` and key confusion are out), a foreign issuer, a malformed claim, or
 * (`reason: "expired"`) a passed `exp`.
 */
export async function verifyApiToken(token: string, key: Uint8Array, now: Date = new Date()): Promise<ApiTokenClaims> {
  let payload;
  try {
    ({ payload } = await jwtVerify(token.trim(), key, { algorithms: [ALGORITHM], issuer: ISSUER, typ: "JWT", currentDate: now }));
  } catch (err) {
    if (err instanceof errors.JWTExpired) throw new InvalidApiTokenError("expired");
    if (err instanceof errors.JOSEError) throw new InvalidApiTokenError("invalid");
    throw err;
  }
  const apiKeyId = /^[1-9]\d{0,15}$/.test(payload.sub ?? "") ? Number(payload.sub) : NaN;
  const { tid, iat, exp } = payload;
  if (!positiveInteger(apiKeyId) || !positiveInteger(tid) || typeof iat !== "number") throw new InvalidApiTokenError("invalid");
  if (exp !== undefined && (typeof exp !== "number" || exp <= iat)) throw new InvalidApiTokenError("invalid");
  return { apiKeyId, tenantId: tid, expiresInMinutes: exp === undefined ? 0 : Math.round((exp - iat) / 60) };
}
