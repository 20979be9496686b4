import { describe, expect, it } from "vitest";
import { apiKeyOfClient } from "@/lib/domain/api-keys/issue-api-token";

const KEY_ID = "0123456789abcdef";
const SECRET = "acce55ed0000dead0000beef0000c0ffee000001";
const KEY = `sk_live_${KEY_ID}_${SECRET}`;

describe("apiKeyOfClient", () => {
  it.each<[string, string, string, string | null]>([
    ["the key's public part", `sk_live_${KEY_ID}`, SECRET, KEY],
    ["the bare key id", KEY_ID, SECRET, KEY],
    ["surrounding whitespace", ` sk_live_${KEY_ID}\n`, ` ${SECRET} `, KEY],
    ["the whole key as client_id", KEY, SECRET, null],
    ["the whole key as secret", `sk_live_${KEY_ID}`, KEY, null],
    ["a short secret", KEY_ID, SECRET.slice(1), null],
    ["a client_id of another shape", "my-client", SECRET, null],
    ["upper-case hex", KEY_ID.toUpperCase(), SECRET, null],
    ["empty parts", "", "", null],
  ])("%s", (_label, clientId, secret, expected) => {
    expect(apiKeyOfClient(clientId, secret)).toBe(expected);
  });
});
