import { smstoRoute } from "@/lib/api/smsto";
import { smstoTokenReply } from "@/lib/api/smsto-oauth";
import { refreshApiToken } from "@/lib/domain/api-keys/refresh-api-token";

/**
 * SMS.to's POST /refresh (OauthCredential::refreshToken): the token in `Authorization` (and `X-Smsto-Sdk`) for
 * a new one with the same lifetime. The body (`[]`, Guzzle's empty JSON) is not read.
 */
export const POST = smstoRoute(async ({ ctx }) => smstoTokenReply(await refreshApiToken(ctx)));
