// The operators' API (/api/v1/operator/…, and the topup of a tenant's master): operator API keys only, with the
// native API's conventions (JSON, `{error: {code, message}}`). A tenant's key is not an operator's: the route
// answers as if it did not exist (404), and the attempt is written to that tenant's audit log as denied.
import { requestMetaOf } from "@/lib/domain/audit/request-meta";
import { recordIfDenied } from "@/lib/domain/audit/record-denial";
import { NotFoundError, type DomainError } from "@/lib/domain/errors";
import { authenticateOperatorKey } from "@/lib/domain/platform/authenticate-operator-key";
import type { OperatorContext } from "@/lib/domain/platform/operator-context";
import { looksLikeOperatorKey } from "@/lib/domain/platform/operator-key-format";
import { authenticateCredential, expectedError, MissingApiKeyError, type NextRouteHandler, type RouteHandler, type RouteParams } from "./api-route";
import { apiKeyFromRequest } from "./credentials";
import { nativeFormat } from "./native";

export type OperatorRouteOptions = {
  /** what a valid tenant key gets instead of the route: NotFound unless the route says otherwise (the topup: Forbidden) */
  tenantKeyRefusal?: () => DomainError;
};

export function operatorRoute<P extends RouteParams>(handler: RouteHandler<P, OperatorContext>, options: OperatorRouteOptions = {}): NextRouteHandler<P> {
  return async (req, context) => {
    try {
      const credential = apiKeyFromRequest(req);
      if (!credential) throw new MissingApiKeyError();
      if (!looksLikeOperatorKey(credential)) {
        // a tenant's key (or token) that works is refused, and recorded in its tenant's log; one that does not is a 401
        const tenant = { ...(await authenticateCredential(credential)), request: requestMetaOf(req.headers) };
        const refusal = options.tenantKeyRefusal?.() ?? new NotFoundError();
        const params = context ? await context.params : undefined;
        await recordIfDenied(tenant, { attempted: `${req.method} ${new URL(req.url).pathname}`, target: params }, refusal);
        throw refusal;
      }
      const ctx = { ...(await authenticateOperatorKey(credential)), request: requestMetaOf(req.headers) };
      const params = context ? await context.params : ({} as P);
      const result = await handler({ req, ctx, params });
      return result instanceof Response ? result : nativeFormat.reply(result);
    } catch (err) {
      const expected = expectedError(err);
      if (expected) return nativeFormat.refuse(expected);
      console.error(`API ${req.method} ${new URL(req.url).pathname} failed`, err);
      return nativeFormat.fail();
    }
  };
}
