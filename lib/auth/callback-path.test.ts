import { describe, expect, it } from "vitest";
import { safeCallbackPath } from "@/lib/auth/callback-path";

describe("safeCallbackPath", () => {
  it.each(["/", "/accounts/1?x=y", "/accounts/12/team#members", "/a/b/c?next=%2F%2Fevil.com", "/accounts/1/%2F"])(
    "keeps the same-site path %j",
    (path) => {
      expect(safeCallbackPath(path)).toBe(path);
    },
  );

  it.each([
    "//evil.com",
    "//evil.com/accounts",
    "///evil.com",
    "https://evil.com",
    "http://evil.com/accounts/1",
    "javascript:alert(1)",
    "/\\evil.com",
    "\\\\evil.com",
    "\\/evil.com",
    "evil.com",
    "accounts/1",
    "",
    " /accounts/1",
  ])("refuses %j and gives the fallback", (value) => {
    expect(safeCallbackPath(value)).toBe("/");
    expect(safeCallbackPath(value, "/accounts")).toBe("/accounts");
  });

  it.each([null, undefined, 42, {}, ["/accounts/1"], true, new URL("https://evil.com")])(
    "refuses the non-string %j",
    (value) => {
      expect(safeCallbackPath(value)).toBe("/");
      expect(safeCallbackPath(value, "/home")).toBe("/home");
    },
  );

  // Browsers (the WHATWG URL parser) delete ASCII tab and newline anywhere in a URL, so "/\t/evil.com" is
  // resolved to "//evil.com", i.e. https://evil.com/. A path check must refuse such characters.
  it.each(["/\t/evil.com", "/\n/evil.com", "/\r/evil.com"])("refuses %j, which a browser resolves off-site", (value) => {
    expect(new URL(value, "https://app.example").host).toBe("evil.com"); // the premise
    expect(safeCallbackPath(value)).toBe("/");
  });
});
