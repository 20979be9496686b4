import { describe, expect, it } from "vitest";
import { RateLimitedError } from "@/lib/domain/errors";
import { DEFAULT_RATE_LIMITS, isCounting, rateLimitRefusal, rateLimitsFromEnv, type RateLimits } from "./rate-limits";

describe("rateLimitsFromEnv", () => {
  it("defaults to 100 per key and 300 per tenant per second", () => {
    expect(rateLimitsFromEnv({})).toEqual({ perKey: 100, perTenant: 300, windowSeconds: 1 });
    expect(rateLimitsFromEnv({ RATE_LIMIT_PER_KEY: "", RATE_LIMIT_PER_TENANT: "  " })).toEqual(DEFAULT_RATE_LIMITS);
  });

  it("reads each setting, and 0 switches a limit off", () => {
    const limits = rateLimitsFromEnv({ RATE_LIMIT_PER_KEY: "0", RATE_LIMIT_PER_TENANT: " 5000 ", RATE_LIMIT_WINDOW_SECONDS: "10" });
    expect(limits).toEqual({ perKey: 0, perTenant: 5000, windowSeconds: 10 });
    expect(isCounting(limits)).toBe(true);
    expect(isCounting({ perKey: 0, perTenant: 0, windowSeconds: 1 })).toBe(false);
  });

  it.each([
    ["RATE_LIMIT_PER_KEY", "-1"],
    ["RATE_LIMIT_PER_KEY", "1.5"],
    ["RATE_LIMIT_PER_KEY", "100/s"],
    ["RATE_LIMIT_PER_TENANT", "off"],
    ["RATE_LIMIT_WINDOW_SECONDS", "0"],
    ["RATE_LIMIT_WINDOW_SECONDS", "3601"],
  ])("refuses %s=%s rather than guess", (name, value) => {
    expect(() => rateLimitsFromEnv({ [name]: value })).toThrow(name);
  });
});

describe("rateLimitRefusal", () => {
  const limits: RateLimits = { perKey: 20, perTenant: 30, windowSeconds: 1 };

  it("lets a request through up to and including the limit", () => {
    expect(rateLimitRefusal(limits, { keyCount: 20, tenantCount: 30, windowLeftSeconds: 0.4 })).toBeNull();
  });

  it("refuses past the key's limit, with the seconds left in the window rounded up", () => {
    const refusal = rateLimitRefusal(limits, { keyCount: 21, tenantCount: null, windowLeftSeconds: 0.2 });
    expect(refusal).toBeInstanceOf(RateLimitedError);
    expect(refusal).toMatchObject({ code: "rate_limited", status: 429, limit: 20, retryAfterSeconds: 1 });
    expect(refusal!.message).toBe("Too many requests with this API key: at most 20 per second. Retry after 1 s.");
  });

  it("refuses past the tenant's limit when the key is within its own", () => {
    const refusal = rateLimitRefusal({ ...limits, windowSeconds: 10 }, { keyCount: 3, tenantCount: 31, windowLeftSeconds: 7.01 });
    expect(refusal).toMatchObject({ limit: 30, retryAfterSeconds: 8 });
    expect(refusal!.message).toBe("Too many requests from the API keys and users of this account tree together: at most 30 per 10 seconds. Retry after 8 s.");
  });

  it("never says to retry in 0 seconds", () => {
    expect(rateLimitRefusal(limits, { keyCount: 21, tenantCount: null, windowLeftSeconds: 0 })!.retryAfterSeconds).toBe(1);
  });

  it("ignores a limit that is off", () => {
    expect(rateLimitRefusal({ ...limits, perKey: 0 }, { keyCount: 5000, tenantCount: 30, windowLeftSeconds: 1 })).toBeNull();
    expect(rateLimitRefusal({ ...limits, perTenant: 0 }, { keyCount: 20, tenantCount: 5000, windowLeftSeconds: 1 })).toBeNull();
  });
});
