import { describe, expect, it } from "vitest";
import { deliveryReceiptRequestUrl, smscentralStatusOf } from "./smscentral-receipt";

describe("SMS Central's status words", () => {
  it.each([
    ["queued", null, "QUEUED", 0],
    ["sent", null, "BUFFRED", 0],
    ["delivered", null, "DELIVRD", 1],
    ["failed", "undeliverable", "FAILED", 550],
    ["failed", "rejected", "FAILED", 550],
    ["failed", null, "FAILED", 550],
    ["failed", "expired", "FAILED", 503],
  ] as const)("%s (%s) is %s with RESULT %i", (status, errorCode, wire, result) => {
    expect(smscentralStatusOf(status, errorCode)).toEqual({ status: wire, result });
  });
});

describe("the receipt's GET", () => {
  const message = { id: 42n, recipient: "+61435800957", senderId: "Acme", body: "Hi & bye?", reference: null, errorCode: null, errorMessage: null };

  it("keeps the receiver's own query and adds every parameter, empty ones included", () => {
    const url = deliveryReceiptRequestUrl({ url: "https://r.example/dlr?key=1", userName: null, password: null }, message, "delivered");
    expect(url.origin + url.pathname).toBe("https://r.example/dlr");
    expect([...url.searchParams.entries()]).toEqual([
      ["key", "1"],
      ["USER_NAME", ""],
      ["PASSWORD", ""],
      ["ORIGINATOR", "Acme"],
      ["RECIPIENT", "61435800957"],
      ["PROVIDER", "default"],
      ["MESSAGE_TEXT", "Hi & bye?"],
      ["ID", "42"],
      ["REFERENCE", ""],
      ["RESULT", "1"],
      ["UDH", ""],
      ["STATUS", "DELIVRD"],
      ["STATUSDESCRIPTION", "Delivered to the handset"],
    ]);
  });

  it("replaces a receiver's parameter of the same name rather than sending it twice, and gives a failure's reason", () => {
    const url = deliveryReceiptRequestUrl({ url: "http://r.example/?STATUS=x", userName: "u", password: "p&w" }, { ...message, errorCode: "expired", errorMessage: "Expired at the carrier" }, "failed");
    expect(url.searchParams.getAll("STATUS")).toEqual(["FAILED"]);
    expect(Object.fromEntries(url.searchParams)).toMatchObject({ USER_NAME: "u", PASSWORD: "p&w", RESULT: "503", STATUSDESCRIPTION: "Expired at the carrier" });
  });
});
