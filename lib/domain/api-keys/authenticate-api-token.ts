import { UnauthenticatedError } from "@/lib/domain/errors";
import { apiTokenKeyFromEnv, InvalidApiTokenError, verifyApiToken } from "./api-token-format";
import { authenticateApiKeyById, type ApiKeyContext } from "./authenticate-api-key";

const INVALID_TOKEN = "Invalid token: request a new one from /oauth/token.";
const EXPIRED_TOKEN = "The token has expired: request a new one from /oauth/token.";

/**
 * The context of a token issued by issueApiToken or refreshApiToken: its signature and expiry are checked here,
 * then its key goes through every rule a key's request keeps (authenticateApiKeyById: revoked, expired, account
 * chain active, rate limits counted), so a token never outlives its key nor outruns its limits.
 */
export async function authenticateApiToken(token: string): Promise<ApiKeyContext> {
  let claims;
  try {
    claims = await verifyApiToken(token, apiTokenKeyFromEnv());
  } catch (err) {
    if (err instanceof InvalidApiTokenError) throw new UnauthenticatedError(err.reason === "expired" ? EXPIRED_TOKEN : INVALID_TOKEN);
    throw err;
  }
  const ctx = await authenticateApiKeyById(claims.tenantId, claims.apiKeyId);
  return { ...ctx, token: { expiresInMinutes: claims.expiresInMinutes } };
}
