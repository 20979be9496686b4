import { describe, expect, it } from "vitest";
import { z } from "zod";
import { NotFoundError, ValidationError } from "@/lib/domain/errors";
import * as accounts from "./accounts";
import { idFromPath, inWireNames, positiveMoneyInputSchema, queryOf } from "./common";
import { ledgerIdempotencyKey } from "./idempotency";
import * as invitations from "./invitations";
import * as transfers from "./transfers";

const DOCUMENTED = {
  ListAccountsQuery: accounts.listAccountsQuerySchema,
  CreateAccountRequest: accounts.createAccountRequestSchema,
  UpdateAccountRequest: accounts.updateAccountRequestSchema,
  AccountTreeQuery: accounts.accountTreeQuerySchema,
  Account: accounts.accountSchema,
  AccountList: accounts.accountListSchema,
  CreatedAccount: accounts.createdAccountSchema,
  DeletedAccount: accounts.deletedAccountSchema,
  AccountTree: accounts.accountTreeSchema,
  ListInvitationsQuery: invitations.listInvitationsQuerySchema,
  CreateInvitationRequest: invitations.createInvitationRequestSchema,
  Invitation: invitations.invitationSchema,
  InvitationList: invitations.invitationListSchema,
  SentInvitation: invitations.sentInvitationSchema,
  MoveMoneyRequest: transfers.moveMoneyRequestSchema,
  ListTransfersQuery: transfers.listTransfersQuerySchema,
  Transfer: transfers.transferSchema,
  LedgerLine: transfers.ledgerLineSchema,
  TransferList: transfers.transferListSchema,
};

describe("the native API's wire schemas", () => {
  it("carry their OpenAPI id and convert to JSON Schema both ways", () => {
    for (const [id, schema] of Object.entries(DOCUMENTED)) {
      expect(z.globalRegistry.get(schema)?.id, id).toBe(id);
      for (const io of ["input", "output"] as const) {
        const json = z.toJSONSchema(schema, { io, target: "draft-2020-12" }) as { $ref?: string; $defs?: Record<string, unknown> };
        expect(json.$ref, id).toBe(`#/$defs/${id}`);
        expect(json.$defs?.[id], id).toMatchObject({ type: "object" });
      }
    }
  });

  it("accept money only as a positive decimal string with at most 6 decimals", () => {
    const cases: [unknown, string | null][] = [
      ["12.50", null],
      ["0.000001", null],
      ["999999999999.999999", null],
      [12.5, 'Send the amount as a decimal string such as "12.50": a JSON number is not exact.'],
      [undefined, 'Send the amount, e.g. "12.50".'],
      ["0", "The amount must be positive."],
      ["-1", "The amount must be positive."],
      ["1.0000001", "Use at most 6 decimals."],
      ["1000000000000", "The amount is too large."],
      ["12,5", "Enter an amount such as 25 or 12.50."],
      ["NaN", "Enter an amount such as 25 or 12.50."],
    ];
    for (const [input, error] of cases) {
      const parsed = positiveMoneyInputSchema.safeParse(input);
      expect(parsed.success ? null : parsed.error.issues[0].message, String(input)).toBe(error);
    }
  });
});

describe("idFromPath", () => {
  it("takes a positive integer that fits the column and answers 404 for anything else", () => {
    expect(idFromPath("42", "Account not found.")).toBe(42);
    expect(idFromPath(["7"], "Account not found.")).toBe(7);
    expect(idFromPath("2147483647", "x")).toBe(2_147_483_647);
    for (const raw of ["0", "-1", "01", "1.5", "1e3", "abc", "", "2147483648", "99999999999", undefined]) {
      expect(() => idFromPath(raw, "Account not found."), String(raw)).toThrow(NotFoundError);
    }
  });
});

describe("queryOf", () => {
  it("reads the query string, an empty value counting as absent", () => {
    expect(queryOf(new Request("http://x.test/a?page=2&q=&sort=-name"))).toEqual({ page: "2", sort: "-name" });
  });
});

describe("inWireNames", () => {
  it("reports a domain validation failure under the wire's field names", async () => {
    const failing = async () => {
      throw new ValidationError("Check the request fields.", { invoicingAccountId: ["bad"], "paymentModel.0": ["worse"], name: ["kept"] });
    };
    const error = await inWireNames(failing, accounts.ACCOUNT_FIELD_NAMES).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).fieldErrors).toEqual({ invoicing_account_id: ["bad"], "payment_model.0": ["worse"], name: ["kept"] });

    const zodFailing = async () => z.object({ monthlyVolumeLimit: z.number() }).parse({});
    const fromZod = await inWireNames(zodFailing, accounts.ACCOUNT_FIELD_NAMES).catch((e: unknown) => e);
    expect(Object.keys((fromZod as ValidationError).fieldErrors!)).toEqual(["monthly_limit"]);

    const notFound = new NotFoundError();
    await expect(inWireNames(async () => Promise.reject(notFound), {})).rejects.toBe(notFound);
  });
});

describe("ledgerIdempotencyKey", () => {
  it("keeps a header that fits as it is and digests one that would not, so that the two never meet", () => {
    expect(ledgerIdempotencyKey(12, "order-1")).toBe("api:12:order-1");
    expect(ledgerIdempotencyKey(1, "a")).toMatch(/^api#:1:[0-9a-f]{64}$/);
    expect(ledgerIdempotencyKey(1, "k".repeat(200))).toMatch(/^api#:1:[0-9a-f]{64}$/);
    expect(ledgerIdempotencyKey(1, "k".repeat(200))).not.toBe(ledgerIdempotencyKey(2, "k".repeat(200)));
    expect(ledgerIdempotencyKey(1, "x ")).toMatch(/^api#:1:/);
  });
});
