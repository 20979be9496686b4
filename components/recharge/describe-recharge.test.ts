import { describe, expect, it } from "vitest";
import { dailyLimitsText, describeRechargeFailure, ruleIndicatorLabel, ruleInShort } from "./describe-recharge";

const rule = { enabled: true, threshold: "5000000", amount: "20000000", target: null };

describe("ruleInShort / ruleIndicatorLabel", () => {
  it.each([
    [rule, "EUR", "below €5.00, +€20.00"],
    [{ ...rule, amount: null, target: "50000000" }, "EUR", "below €5.00, up to €50.00"],
    // a threshold is an amount: to the cent, like every amount but a price per segment
    [{ ...rule, threshold: "125000", amount: "1000000" }, "USD", "below $0.13, +$1.00"],
  ])("%j in %s → %s", (r, currency, text) => {
    expect(ruleInShort(r, currency)).toBe(text);
  });

  it("says whether the rule is on or paused", () => {
    expect(ruleIndicatorLabel(rule, "EUR")).toBe("Auto-recharge on: below €5.00, +€20.00");
    expect(ruleIndicatorLabel({ ...rule, enabled: false }, "EUR")).toBe("Auto-recharge paused: below €5.00, +€20.00");
  });
});

describe("dailyLimitsText", () => {
  it.each([
    [{}, null],
    [{ maxPerDay: 1 }, "At most 1 recharge a day (UTC)"],
    [{ maxPerDay: 3, maxAmountPerDay: "60000000" }, "At most 3 recharges and €60.00 a day (UTC)"],
    [{ maxAmountPerDay: "60000000" }, "At most €60.00 a day (UTC)"],
  ])("%j → %s", (limits, text) => {
    expect(dailyLimitsText({ ...rule, ...limits }, "EUR")).toBe(text);
  });
});

describe("describeRechargeFailure", () => {
  it.each([
    ["insufficient funds: Northwind Retail has 3 EUR and needs 20", "Insufficient funds: Northwind Retail has 3 EUR and needs 20."],
    ["daily limit reached: 4 recharges today", "Daily limit reached: 4 recharges today."],
    ["Northwind Retail (the account above) is suspended", "Northwind Retail (the account above) is suspended."],
    [null, "The recharge failed."],
  ])("%j → %s", (reason, text) => {
    expect(describeRechargeFailure(reason)).toBe(text);
  });
});
