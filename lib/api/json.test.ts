import { describe, expect, it } from "vitest";
import { jsonDecimal, toJson } from "./json";

describe("toJson", () => {
  it("writes bigint as a string and a money decimal as an exact JSON number", () => {
    expect(toJson({ id: 9007199254740993n, price: jsonDecimal(45_000n), total: jsonDecimal(-1_500_000n), zero: jsonDecimal(0n) })).toBe(
      '{"id":"9007199254740993","price":0.045,"total":-1.5,"zero":0}',
    );
  });

  it("leaves strings that look like its marker as strings", () => {
    const text = toJson({ note: "\u0000decimal\u0000" });
    expect(JSON.parse(text)).toEqual({ note: "\u0000decimal\u0000" });
  });
});
