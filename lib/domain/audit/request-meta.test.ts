import { describe, expect, it } from "vitest";
import { clientIpOf, requestMetaOf, userAgentOf } from "./request-meta";

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
    expect(clientIpOf(h(headers))).toBe(expected);
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
