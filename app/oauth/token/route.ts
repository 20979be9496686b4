import { readSmstoBody, smstoRoute } from "@/lib/api/smsto";
import { smstoTokenBodySchema, smstoTokenReply } from "@/lib/api/smsto-oauth";
import { issueApiToken } from "@/lib/domain/api-keys/issue-api-token";

/**
 * SMS.to's POST /oauth/token (OauthCredential::verify): client credentials, which are an API key's two parts,
 * for a bearer token. Public: the credentials in the body are the authentication, checked and rate-limited as
 * the key they make up.
 */
export const POST = smstoRoute(
  async ({ req }) => {
    const body = await readSmstoBody(req, smstoTokenBodySchema);
    return smstoTokenReply(await issueApiToken({ clientId: body.client_id, secret: body.secret, expiresInMinutes: body.expires_in ?? 0 }));
  },
  { auth: "none" },
);
