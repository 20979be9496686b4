import { isIP } from "node:net";
import type { RequestMeta } from "@/lib/domain/context";

const MAX_USER_AGENT = 512;

/**
 * The client's address as a string PostgreSQL's inet accepts, or null. The first hop of `X-Forwarded-For`, else
 * `X-Real-IP`: what the proxy in front of the app saw. Both headers are whatever the client sent when no proxy
 * rewrites them, so the address is evidence, not proof; anything that is not an address (a name, "unknown", a
 * forged list) is dropped rather than allowed to fail the insert that records the action.
 */
export function clientIpOf(headers: Headers): string | null {
  const forwarded = headers.get("x-forwarded-for")?.split(",")[0];
  return normalizeIp(forwarded) ?? normalizeIp(headers.get("x-real-ip"));
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
