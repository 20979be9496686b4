import { describe, expect, it } from "vitest";
import { hasMessageFilters, messagesHref, messagesSearch, parseMessagesQuery } from "./messages-url";

describe("messagesSearch", () => {
  it.each([
    ["", ""],
    // defaults are left out, whatever order and spelling they came in
    ["sort=newest&scope=subtree&page=1&pageSize=25", ""],
    ["status=delivered&from=2026-11-01&to=2026-11-27", "status=delivered&from=2026-11-01&to=2026-11-27"],
    ["q=hello+world&recipient=357&sender=Acme&member=12&scope=account", "member=12&scope=account&recipient=357&sender=Acme&q=hello+world"],
    ["page=3&pageSize=50&sort=price_desc", "sort=price_desc&page=3&pageSize=50"],
    // invalid values and unknown keys do not survive
    ["status=lost&from=yesterday&page=-1&evil=%3Cscript%3E&back=//example.com", ""],
    ["member=&status=&q=+", ""],
  ])("%j → %j", (raw, expected) => {
    expect(messagesSearch(parseMessagesQuery(new URLSearchParams(raw)))).toBe(expected);
  });

  it("drops paging for the export", () => {
    expect(messagesSearch(parseMessagesQuery({ status: "failed", page: "4", pageSize: "100" }), { paging: false })).toBe("status=failed");
  });
});

describe("parseMessagesQuery", () => {
  it("takes the first of repeated params", () => {
    expect(parseMessagesQuery({ status: ["sent", "failed"] }).status).toBe("sent");
  });
});

describe("hasMessageFilters", () => {
  it.each([
    ["", false],
    ["sort=oldest&page=2&pageSize=50", false],
    ["scope=account", true],
    ["status=queued", true],
    ["q=hi", true],
    ["to=2026-11-27", true],
  ])("%j → %s", (raw, expected) => {
    expect(hasMessageFilters(parseMessagesQuery(new URLSearchParams(raw)))).toBe(expected);
  });
});

describe("messagesHref", () => {
  it("is the bare path for the default view", () => {
    expect(messagesHref(7, parseMessagesQuery({}))).toBe("/accounts/7/messages");
    expect(messagesHref(7, parseMessagesQuery({ status: "sent" }))).toBe("/accounts/7/messages?status=sent");
  });
});
