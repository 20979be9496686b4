import { describe, expect, it } from "vitest";
import { apiKeyFromRequest } from "@/lib/api/credentials";

const KEY = "sk_live_0123456789abcdef_0123456789abcdef0123456789abcdef01234567";
const OTHER = "sk_live_fedcba9876543210_76543210fedcba9876543210fedcba9876543210";

const request = (query: string, headers: Record<string, string> = {}) => new Request(`https://api.test/sms/send${query}`, { headers });

describe("apiKeyFromRequest", () => {
  it.each<[string, Request, string | null]>([
    ["a Bearer header", request("", { Authorization: `Bearer ${KEY}` }), KEY],
    ["the scheme in any case", request("", { Authorization: `bearer ${KEY}` }), KEY],
    ["extra spaces around the token", request("", { Authorization: `Bearer   ${KEY}  ` }), KEY],
    ["the query parameter", request(`?api_key=${KEY}`), KEY],
    ["the query parameter among others", request(`?to=%2B357&api_key=${KEY}&message=hi`), KEY],
    ["the SDK header alone", request("", { "X-Smsto-Sdk": KEY }), KEY],
    ["the Bearer header before the query", request(`?api_key=${OTHER}`, { Authorization: `Bearer ${KEY}` }), KEY],
    ["the Bearer header before the SDK header", request("", { Authorization: `Bearer ${KEY}`, "X-Smsto-Sdk": OTHER }), KEY],
    ["the query before the SDK header", request(`?api_key=${KEY}`, { "X-Smsto-Sdk": OTHER }), KEY],
    ["the query when the Authorization header is not Bearer", request(`?api_key=${KEY}`, { Authorization: "Basic dXNlcjpwYXNz" }), KEY],
    ["nothing", request(""), null],
    ["an empty Bearer header", request("", { Authorization: "Bearer " }), null],
    ["a Basic header", request("", { Authorization: "Basic dXNlcjpwYXNz" }), null],
    ["a Bearer header with two tokens", request("", { Authorization: `Bearer ${KEY} ${OTHER}` }), null],
    ["an empty query parameter", request("?api_key="), null],
    ["the SDK header next to a non-Bearer Authorization header", request("", { Authorization: "Basic x", "X-Smsto-Sdk": KEY }), null],
    ["an empty SDK header", request("", { "X-Smsto-Sdk": "" }), null],
  ])("reads %s", (_label, req, expected) => {
    expect(apiKeyFromRequest(req)).toBe(expected);
  });

  it("passes on a malformed token as it is, for the authenticator to refuse", () => {
    expect(apiKeyFromRequest(request("", { Authorization: "Bearer not-a-key" }))).toBe("not-a-key");
  });
});
