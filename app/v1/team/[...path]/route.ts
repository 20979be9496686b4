import { jsonResponse } from "@/lib/api/json";
import type { SmstoErrorBody } from "@/lib/api/smsto";

/**
 * Any other path under /v1/team: SMS.to's clients break on an HTML page (reference/smsto-api.md §9.5), so a
 * mistyped path gets SMS.to's error object rather than the app's 404 page.
 */
function unknownEndpoint(req: Request) {
  const { pathname } = new URL(req.url);
  const body: SmstoErrorBody = { success: false, message: `No such endpoint: ${req.method} ${pathname}.` };
  return Promise.resolve(jsonResponse(body, { status: 404 }));
}

export { unknownEndpoint as GET, unknownEndpoint as POST, unknownEndpoint as PUT, unknownEndpoint as PATCH, unknownEndpoint as DELETE };
