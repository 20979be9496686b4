import { describe, expect, it } from "vitest";
import { ledgerLineToCsv, toCsvRow } from "./ledger-csv";
import type { LedgerLine } from "./queries";

describe("toCsvRow", () => {
  it.each([
    [["plain", 1, null], "plain,1,\r\n"],
    [["a,b"], '"a,b"\r\n'],
    [['say "hi"'], '"say ""hi"""\r\n'],
    [["two\nlines"], '"two\nlines"\r\n'],
    // a spreadsheet would run these as formulas
    [["=HYPERLINK(\"x\")"], "\"'=HYPERLINK(\"\"x\"\")\"\r\n"],
    [["+1+1", "@SUM(A1)", "-cmd"], "'+1+1,'@SUM(A1),'-cmd\r\n"],
    // numbers keep their sign
    [["-12.5", "-3"], "-12.5,-3\r\n"],
  ])("%j → %j", (cells, expected) => {
    expect(toCsvRow(cells as (string | number | null)[])).toBe(expected);
  });
});

describe("ledgerLineToCsv", () => {
  it("writes amounts as exact decimals of the currency", () => {
    const line: LedgerLine = {
      id: "7", createdAt: "2026-11-27T10:00:00.000Z", kind: "credit", amount: "25125000",
      fromAccountId: 1, fromName: "Acme", fromBalanceAfter: "9007199254740993000001", toAccountId: 2, toName: "Shop",
      toBalanceAfter: "75125000", signedAmount: null, balanceAfter: null, actor: "Olivia", memo: null,
    };
    expect(ledgerLineToCsv(line)).toEqual(["7", "2026-11-27T10:00:00.000Z", "credit", 1, "Acme", 2, "Shop", "25.125", "9007199254740993.000001", "75.125", "Olivia", null]);
  });
});
