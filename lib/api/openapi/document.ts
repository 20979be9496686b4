import { buildOpenApiDocument, type OpenApiDocument } from "./build-document";
import { API_OPERATIONS, API_TAGS } from "./operations";

const DESCRIPTION = [
  "The native REST API of Subledger. Authenticate with an API key from the account's API keys page, sent as",
  "`Authorization: Bearer <key>`; a key acts for its account and every account below it, and an id outside",
  "that subtree is answered with 404. Money is an exact decimal string of the account's currency (`\"12.50\"`),",
  "never a JSON number. Errors are `{\"error\": {\"code\", \"message\", \"details\"?}}` with the HTTP status;",
  "calls that move money take an `Idempotency-Key` header so a retry never moves it twice.",
  "",
  "Two compatibility surfaces sit beside this one: SMS.to's (`/api/balance`, `/v1/team/…`, `/sms/send`) and",
  "SMS Central's (`POST /api/v3.2/account/create`, `/api/v3.2/user/create`, `/api/v3.2`); they are described on the API reference page.",
].join("\n");

let cached: OpenApiDocument | undefined;

/** Built once per process: the registry is fixed at build time. */
export function getOpenApiDocument(): OpenApiDocument {
  cached ??= buildOpenApiDocument(API_OPERATIONS, { version: "1", description: DESCRIPTION, tags: API_TAGS });
  return cached;
}
