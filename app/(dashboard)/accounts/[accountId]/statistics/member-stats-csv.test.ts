import { describe, expect, it } from "vitest";
import { toCsvRow } from "@/lib/domain/ledger/ledger-csv";
import { MEMBER_STATS_CSV_HEADER, memberStatsToCsv } from "./member-stats-csv";

describe("member statistics CSV", () => {
  it("writes exact money, percentages and the own-traffic row's name", () => {
    expect(toCsvRow(MEMBER_STATS_CSV_HEADER)).toBe(
      "account_id,account,own_traffic,partner,messages,segments,cost,currency,delivered,failed,delivered_pct,share_pct\r\n",
    );
    const own = { accountId: 7, name: "Acme, Inc", isSelf: true, isPartner: true, messages: 3, segments: 4, cost: 135_000n, delivered: 2, failed: 1, deliveryRate: 2 / 3, share: 0.1234 };
    expect(toCsvRow(memberStatsToCsv(own, "EUR"))).toBe('7,"Acme, Inc (own traffic)",yes,yes,3,4,0.135,EUR,2,1,66.67,12.34\r\n');
    const quiet = { ...own, accountId: 8, name: "=cmd()", isSelf: false, isPartner: false, deliveryRate: null, share: 0 };
    expect(toCsvRow(memberStatsToCsv(quiet, "EUR"))).toBe("8,'=cmd(),no,no,3,4,0.135,EUR,2,1,,0.00\r\n");
  });
});
