/**
 * The API key a request carries: `Authorization: Bearer <key>` first, then `?api_key=<key>` (SMS.to documents
 * it), then `X-Smsto-Sdk: <key>`, which SMS.to's PHP SDK sends and which counts only when there is no
 * Authorization header at all. Null when none is present; whether the key is valid is not decided here.
 */
export function apiKeyFromRequest(req: Request): string | null {
  const authorization = req.headers.get("authorization");
  const bearer = authorization === null ? null : /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(authorization)?.[1];
  if (bearer) return bearer;
  const fromQuery = new URL(req.url).searchParams.get("api_key")?.trim();
  if (fromQuery) return fromQuery;
  if (authorization !== null) return null;
  return req.headers.get("x-smsto-sdk")?.trim() || null;
}
