import { describe, expect, it } from "vitest";
import { clientIpOf, requestMetaOf, trustedProxiesFrom, userAgentOf } from "./request-meta";

const h = (init: Record<string, string>) => new Headers(init);

describe("clientIpOf", () => {
  it.each([
    [{ "x-forwarded-for": "203.0.113.7" }, "203.0.113.7"],
    [{ "x-forwarded-for": " 203.0.113.7 , 10.0.0.1, 10.0.0.2" }, "203.0.113.7"],
    [{ "x-forwarded-for": "2001:db8::1" }, "2001:db8::1"],
    [{ "x-forwarded-for": "[2001:db8::1]:8443" }, "2001:db8::1"],
    [{ "x-forwarded-for": "203.0.113.7:51234" }, "203.0.113.7"],
    [{ "x-forwarded-for": "fe80::1%eth0" }, "fe80::1"],
    [{ "x-forwarded-for": "::ffff:127.0.0.1" }, "::ffff:127.0.0.1"],
    [{ "x-real-ip": "198.51.100.3" }, "198.51.100.3"],
    // a first hop that is not an address falls back to X-Real-IP, then to nothing
    [{ "x-forwarded-for": "unknown", "x-real-ip": "198.51.100.3" }, "198.51.100.3"],
    [{ "x-forwarded-for": "'; DROP TABLE audit_event; --" }, null],
    [{ "x-forwarded-for": "999.1.1.1" }, null],
    [{ "x-forwarded-for": "" }, null],
    [{}, null],
  ])("%j → %s", (headers, expected) => {
    expect(clientIpOf(h(headers), null)).toBe(expected);
  });
});

describe("clientIpOf behind TRUSTED_PROXIES", () => {
  const trusted = trustedProxiesFrom("10.0.0.0/8, 192.0.2.7, 2001:db8:ffff::/48");
  it.each([
    // the load balancer (10.x) appended what it saw: a client's own first hop is ignored
    ["1.2.3.4, 203.0.113.7, 10.0.0.2", "203.0.113.7"],
    ["203.0.113.7, 192.0.2.7, 10.0.0.2", "203.0.113.7"],
    ["2001:db8::5, 2001:db8:ffff::1", "2001:db8::5"],
    ["::ffff:10.1.1.1, 198.51.100.9", "198.51.100.9"],
    // every hop a trusted proxy: the leftmost is the best there is
    ["10.0.0.9, 10.0.0.2", "10.0.0.9"],
    // garbage where a trusted proxy should have written an address: nothing is claimed
    ["203.0.113.7, unknown, 10.0.0.2", null],
  ])("%s → %s", (forwarded, expected) => {
    expect(clientIpOf(h({ "x-forwarded-for": forwarded }), trusted)).toBe(expected);
  });

  it("reads TRUSTED_PROXIES from the environment when no list is given", () => {
    const headers = h({ "x-forwarded-for": "1.2.3.4, 203.0.113.7, 10.0.0.2" });
    process.env.TRUSTED_PROXIES = "10.0.0.0/8";
    try {
      expect(clientIpOf(headers)).toBe("203.0.113.7");
    } finally {
      delete process.env.TRUSTED_PROXIES;
    }
    expect(clientIpOf(headers)).toBe("1.2.3.4");
  });

  it("falls back to X-Real-IP without X-Forwarded-For", () => {
    expect(clientIpOf(h({ "x-real-ip": "198.51.100.3" }), trusted)).toBe("198.51.100.3");
  });

  it("reads the setting strictly: unset is null, a typo throws", () => {
    expect(trustedProxiesFrom(undefined)).toBeNull();
    expect(trustedProxiesFrom(" , ")).toBeNull();
    for (const typo of ["10.0.0.0/33", "proxy.internal", "10.0.0.0/8/1", "2001:db8::/129", "10.0.0.0/x"]) {
      expect(() => trustedProxiesFrom(typo)).toThrow(`not "${typo}"`);
    }
  });
});

describe("userAgentOf", () => {
  it("keeps a normal user agent, cuts a long one to 512 characters and drops control characters", () => {
    expect(userAgentOf(h({ "user-agent": "Mozilla/5.0 (X11; Linux x86_64)" }))).toBe("Mozilla/5.0 (X11; Linux x86_64)");
    expect(userAgentOf(h({ "user-agent": "x".repeat(5000) }))).toHaveLength(512);
    expect(userAgentOf(h({ "user-agent": "evil\tagent" }))).toBe("evilagent");
    expect(userAgentOf(h({ "user-agent": "   " }))).toBeNull();
    expect(userAgentOf(h({}))).toBeNull();
  });

  it("requestMetaOf puts both together", () => {
    expect(requestMetaOf(h({ "x-real-ip": "192.0.2.1", "user-agent": "curl/8.5.0" }))).toEqual({ ip: "192.0.2.1", userAgent: "curl/8.5.0" });
  });
});
