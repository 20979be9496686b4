import { UnauthenticatedError } from "@/lib/domain/errors";
import { parseApiKey } from "./api-key-format";
import { apiTokenKeyFromEnv, signApiToken } from "./api-token-format";
import { authenticateApiKey, InvalidApiKeyError } from "./authenticate-api-key";

/**
 * SMS.to's client credentials are an API key in two parts: `client_id` is its public part (`sk_live_<keyId>`,
 * or the bare `<keyId>`) and `secret` the rest. No separate client table: a key's revoke, rotation and
 * expiry then govern its tokens too.
 */
export type IssueApiTokenInput = { clientId: string; secret: string; expiresInMinutes: number };
export type IssuedApiToken = { jwt: string; expiresInMinutes: number };

const INVALID_CLIENT = "Invalid client_id or secret.";

/** The API key whose parts the client credentials are, or null when they cannot be one. */
export function apiKeyOfClient(clientId: string, secret: string): string | null {
  const id = clientId.trim().replace(/^sk_live_/, "");
  const plaintext = `sk_live_${id}_${secret.trim()}`;
  return parseApiKey(plaintext) ? plaintext : null;
}

/**
 * A token for the key the client credentials make up. They are checked exactly as that key would be (same
 * timing-safe comparison, same rules, counted against the key's rate limits), and every refusal of a wrong
 * client_id or secret reads the same, so a caller cannot learn which part was wrong; only the holder of both
 * learns that the account is suspended or closed.
 */
export async function issueApiToken(input: IssueApiTokenInput): Promise<IssuedApiToken> {
  const plaintext = apiKeyOfClient(input.clientId, input.secret);
  if (!plaintext) throw new UnauthenticatedError(INVALID_CLIENT);
  const ctx = await authenticateApiKey(plaintext).catch((err: unknown) => {
    throw err instanceof InvalidApiKeyError ? new UnauthenticatedError(INVALID_CLIENT) : err;
  });
  const jwt = await signApiToken({ apiKeyId: ctx.apiKeyId, tenantId: ctx.tenantId, expiresInMinutes: input.expiresInMinutes }, apiTokenKeyFromEnv());
  return { jwt, expiresInMinutes: input.expiresInMinutes };
}
