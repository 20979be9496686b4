/**
 * Only same-site paths: a sign-in link must not become an open redirect. Browsers drop tabs and newlines
 * from URLs ("/\t/evil.com" becomes "//evil.com"), so any control character is refused, and the result must
 * resolve to this origin.
 */
export function safeCallbackPath(value: unknown, fallback = "/") {
  if (typeof value !== "string" || !value.startsWith("/") || value.startsWith("//") || value.includes("\\")) return fallback;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(value)) return fallback;
  const base = "http://same-origin.invalid";
  try {
    return new URL(value, base).origin === base ? value : fallback;
  } catch {
    return fallback;
  }
}
