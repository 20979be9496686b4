import { BlockList, isIP } from "node:net";
import type { RequestMeta } from "@/lib/domain/context";

const MAX_USER_AGENT = 512;

/**
 * TRUSTED_PROXIES: the proxies in front of the app, as addresses and CIDR ranges separated by commas
 * (`10.0.0.0/8, 2001:db8::/32, 192.0.2.7`); null when unset. A typo throws rather than trusting the wrong hop.
 */
export function trustedProxiesFrom(raw: string | undefined): BlockList | null {
  const entries = raw?.split(",").map((e) => e.trim()).filter(Boolean) ?? [];
  if (entries.length === 0) return null;
  const list = new BlockList();
  for (const entry of entries) {
    const [address, bits, extra] = entry.split("/");
    const family = isIP(address);
    const prefix = bits === undefined ? null : Number(bits);
    const maxBits = family === 6 ? 128 : 32;
    if (!family || extra !== undefined || (prefix !== null && (!/^\d+$/.test(bits) || prefix > maxBits))) {
      throw new Error(`TRUSTED_PROXIES must list IP addresses or CIDR ranges separated by commas, not "${entry}"`);
    }
    const type = family === 6 ? "ipv6" : "ipv4";
    if (prefix === null) list.addAddress(address, type);
    else list.addSubnet(address, prefix, type);
  }
  return list;
}

let trustedCache: { raw: string | undefined; list: BlockList | null } | null = null;
const trustedProxiesFromEnv = () => {
  const raw = process.env.TRUSTED_PROXIES;
  if (!trustedCache || trustedCache.raw !== raw) trustedCache = { raw, list: trustedProxiesFrom(raw) };
  return trustedCache.list;
};

const isTrusted = (list: BlockList, ip: string) => list.check(ip, isIP(ip) === 6 ? "ipv6" : "ipv4");

/**
 * The client's address as a string PostgreSQL's inet accepts, or null; used by the audit log and the sign-in
 * attempt limits. With TRUSTED_PROXIES set, `X-Forwarded-For` is read from the right: each trusted proxy appended
 * the address it saw, so the first hop from the right that is not a trusted proxy is the client, and whatever a
 * client wrote to the left of it is ignored. Unset, it is the first hop (what the proxy in front saw, if there is
 * exactly one proxy and it replaces the header; otherwise whatever the client sent: evidence, not proof), else
 * `X-Real-IP`. Anything that is not an address (a name, "unknown", a forged list) is dropped rather than allowed to
 * fail the insert that records the action.
 */
export function clientIpOf(headers: Headers, trusted: BlockList | null = trustedProxiesFromEnv()): string | null {
  const hops = headers.get("x-forwarded-for")?.split(",") ?? [];
  if (trusted && hops.length > 0) {
    for (let i = hops.length - 1; i >= 0; i--) {
      const hop = normalizeIp(hops[i]);
      // a hop a trusted proxy did not write cannot be read past
      if (hop === null) return null;
      if (!isTrusted(trusted, hop) || i === 0) return hop;
    }
  }
  return normalizeIp(hops[0]) ?? normalizeIp(headers.get("x-real-ip"));
}

function normalizeIp(raw: string | null | undefined): string | null {
  let value = raw?.trim();
  if (!value) return null;
  // "[2001:db8::1]:443" and "203.0.113.7:51234": some proxies append the client's port
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(value);
  if (bracketed) value = bracketed[1];
  else if (/^\d{1,3}(\.\d{1,3}){3}:\d+$/.test(value)) value = value.slice(0, value.lastIndexOf(":"));
  // an IPv6 zone ("fe80::1%eth0") names an interface of the proxy, and inet refuses it
  value = value.replace(/%.*$/, "");
  return isIP(value) ? value : null;
}

/** The user agent, cut to a length that keeps a row small; control characters (a forged header's) dropped. */
export function userAgentOf(headers: Headers): string | null {
  const raw = headers.get("user-agent");
  if (!raw) return null;
  const clean = raw.replace(/[\u0000-\u001f\u007f]/g, "").trim();
  return clean ? clean.slice(0, MAX_USER_AGENT) : null;
}

export function requestMetaOf(headers: Headers): RequestMeta {
  return { ip: clientIpOf(headers), userAgent: userAgentOf(headers) };
}
