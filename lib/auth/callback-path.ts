/** Only same-site paths: a sign-in link must not become an open redirect. */
export function safeCallbackPath(value: unknown, fallback = "/") {
  if (typeof value !== "string" || !value.startsWith("/") || value.startsWith("//") || value.includes("\\")) return fallback;
  return value;
}
