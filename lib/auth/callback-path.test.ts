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

  // KNOWN BUG (left failing on purpose, lib/auth/callback-path.ts is not fixed here): browsers (the WHATWG URL
  // parser) delete ASCII tab, LF and CR anywhere in a URL, so "/\t/evil.com" is resolved as "//evil.com", i.e.
  // https://evil.com/. safeCallbackPath returns such a value unchanged, and the sign-in page passes it to
  // redirect() for a signed-in visitor. A path check must refuse these characters.
  it("refuses paths with tab or newline characters, which a browser resolves off-site", () => {
    for (const value of ["/\t/evil.com", "/\n/evil.com", "/\r/evil.com"]) {
      expect(new URL(value, "https://app.example").host).toBe("evil.com"); // the premise
      expect(safeCallbackPath(value), JSON.stringify(value)).toBe("/");
    }
  });
});
