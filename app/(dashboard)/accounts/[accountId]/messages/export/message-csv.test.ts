import { describe, expect, it } from "vitest";
import { toCsvRow } from "@/lib/domain/ledger/ledger-csv";
import type { MessageRow } from "@/lib/domain/messaging/queries";
import { MESSAGE_CSV_HEADER, messageToCsv } from "./message-csv";

const message: MessageRow = {
  id: 9_007_199_254_740_993n, accountId: 2, accountName: "Shop, Ltd", batchId: "3f2c8e8e-0000-4000-8000-000000000001",
  recipient: "+35799123456", country: "CY", senderId: "Acme", body: 'Line one\nsay "hi"', encoding: "gsm7", segments: 2,
  pricePerSegment: 34_500n, price: 69_000n, chargedAccountId: 1, transferId: 41n, refundTransferId: 52n, status: "failed",
  errorCode: "undeliverable", errorMessage: "Handset unreachable", createdAt: new Date("2026-11-27T10:00:00.123Z"),
  sentAt: new Date("2026-11-27T10:00:01.000Z"), doneAt: new Date("2026-11-27T10:00:03.000Z"), campaign: "Spring, sale", reference: "order-1",
};

describe("messageToCsv", () => {
  it("has one cell per header column", () => {
    expect(messageToCsv(message)).toHaveLength(MESSAGE_CSV_HEADER.length);
  });

  it("writes ids past 2^53 exactly, money as decimals of the currency and times in UTC", () => {
    const row = Object.fromEntries(MESSAGE_CSV_HEADER.map((h, i) => [h, messageToCsv(message)[i]]));
    expect(row).toMatchObject({
      id: "9007199254740993", created_at: "2026-11-27T10:00:00.123Z", price_per_segment: "0.0345", price: "0.069",
      refund_transfer_id: "52", done_at: "2026-11-27T10:00:03.000Z", status: "failed", campaign: "Spring, sale", reference: "order-1",
    });
  });

  it("leaves what is missing empty", () => {
    const row = messageToCsv({ ...message, refundTransferId: null, errorCode: null, errorMessage: null, sentAt: null, doneAt: null, campaign: null, reference: null });
    expect(toCsvRow(row)).toMatch(/,failed,,,,,41,,3f2c8e8e-0000-4000-8000-000000000001,,\r\n$/);
  });

  it("quotes text with commas, quotes and line breaks", () => {
    expect(toCsvRow(messageToCsv(message))).toContain(',"Shop, Ltd",');
    expect(toCsvRow(messageToCsv(message))).toContain(',"Line one\nsay ""hi""",');
  });
});
