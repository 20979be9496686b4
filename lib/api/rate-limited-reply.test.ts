// How a refused rate limit reads on each API surface: the status, the body of that surface, and when to retry.
import { describe, expect, it } from "vitest";
import { nativeRoute } from "@/lib/api/native";
import { smstoRoute } from "@/lib/api/smsto";
import type { Authenticate } from "@/lib/api/api-route";
import { RateLimitedError } from "@/lib/domain/errors";

const KEY = "sk_live_0123456789abcdef_0123456789abcdef0123456789abcdef01234567";
const MESSAGE = "Too many requests with this API key: at most 20 per second. Retry after 1 s.";
const refuseForRate: Authenticate = async () => {
  throw new RateLimitedError(MESSAGE, 20, 1);
};
const request = () => new Request("https://subledger.test/api/x", { headers: { authorization: `Bearer ${KEY}` } });
const neverRuns = async () => {
  throw new Error("the handler must not run for a refused request");
};

function expectRetryHeaders(res: Response) {
  expect(res.status).toBe(429);
  expect(res.headers.get("retry-after")).toBe("1");
  expect(res.headers.get("ratelimit-limit")).toBe("20");
  expect(res.headers.get("ratelimit-remaining")).toBe("0");
  expect(res.headers.get("ratelimit-reset")).toBe("1");
  expect(res.headers.get("www-authenticate")).toBeNull();
}

describe("a rate-limited request", () => {
  it("gets the native error body with code rate_limited", async () => {
    const res = await nativeRoute(neverRuns, { authenticate: refuseForRate })(request());
    expectRetryHeaders(res);
    expect(await res.json()).toEqual({ error: { code: "rate_limited", message: MESSAGE } });
  });

  it("gets SMS.to's body with success false", async () => {
    const res = await smstoRoute(neverRuns, { authenticate: refuseForRate })(request());
    expectRetryHeaders(res);
    expect(await res.json()).toEqual({ success: false, message: MESSAGE });
  });
});
