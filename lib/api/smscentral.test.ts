import { describe, expect, it } from "vitest";
import { AccountStateError, ForbiddenError, LimitExceededError, NotFoundError, ValidationError } from "@/lib/domain/errors";
import { NotPartnerError, ParentNotPartnerError } from "@/lib/domain/accounts/create-sub-account";
import { readSmscentralParams, SMSCENTRAL_ERRORS, SmscentralError, smscentralErrorOf, subAccountInputFromSmscentral } from "./smscentral";

const kindOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    if (err instanceof SmscentralError) return err.kind;
    throw err;
  }
  throw new Error("no error");
};

describe("subAccountInputFromSmscentral", () => {
  it("maps the seed's fields onto the verb's input, reading quoted integers and any case", () => {
    expect(subAccountInputFromSmscentral('{"ACCOUNTNAME":"Shop","PAYMENTMODEL":"prepaid"}')).toEqual({
      name: "Shop", paymentModel: "prepaid", parentId: null, monthlyVolumeLimit: null, invoicingAccountId: null,
    });
    expect(subAccountInputFromSmscentral({ accountname: "Shop", PaymentModel: " PostPaid ", PARENTACCOUNT: "12", MONTHLYVOLUMELIMIT: 500, INVOICINGACCOUNT: 3 })).toEqual({
      name: "Shop", paymentModel: "postpaid", parentId: 12, monthlyVolumeLimit: 500, invoicingAccountId: 3,
    });
    expect(subAccountInputFromSmscentral({ ACCOUNTNAME: "Shop", PAYMENTMODEL: "prepaid", PARENTACCOUNT: null, MONTHLYVOLUMELIMIT: "" }).parentId).toBeNull();
  });

  it.each([
    ["not json", "INVALID_ACCOUNT_JSON"],
    ["[]", "INVALID_ACCOUNT_JSON"],
    ["null", "INVALID_ACCOUNT_JSON"],
    ['{"ACCOUNTNAME":"x","PAYMENTMODEL":"prepaid","EXTRA":1}', "INVALID_ACCOUNT_JSON"],
    ['{"PAYMENTMODEL":"prepaid"}', "INVALID_ACCOUNTNAME"],
    ['{"ACCOUNTNAME":["x"],"PAYMENTMODEL":"prepaid"}', "INVALID_ACCOUNTNAME"],
    ['{"ACCOUNTNAME":"x"}', "INVALID_PAYMENTMODEL"],
    ['{"ACCOUNTNAME":"x","PAYMENTMODEL":"free"}', "INVALID_PAYMENTMODEL"],
    ['{"ACCOUNTNAME":"x","PAYMENTMODEL":"prepaid","PARENTACCOUNT":"1a"}', "INVALID_PARENTACCOUNT"],
    ['{"ACCOUNTNAME":"x","PAYMENTMODEL":"prepaid","PARENTACCOUNT":0}', "INVALID_PARENTACCOUNT"],
    ['{"ACCOUNTNAME":"x","PAYMENTMODEL":"prepaid","PARENTACCOUNT":9007199254740993}', "INVALID_PARENTACCOUNT"],
    ['{"ACCOUNTNAME":"x","PAYMENTMODEL":"prepaid","MONTHLYVOLUMELIMIT":2.5}', "INVALID_MONTHLYVOLUMELIMIT"],
    ['{"ACCOUNTNAME":"x","PAYMENTMODEL":"postpaid","INVOICINGACCOUNT":-1}', "INVALID_INVOICINGACCOUNT"],
    ['{"ACCOUNTNAME":"x","PAYMENTMODEL":"prepaid","INVOICINGACCOUNT":1}', "INVOICINGACCOUNT_NOT_POSTPAID"],
  ])("refuses %s with %s", (account, kind) => {
    expect(kindOf(() => subAccountInputFromSmscentral(account))).toBe(kind);
  });
});

describe("smscentralErrorOf", () => {
  it.each([
    [new ForbiddenError("no"), "PERMISSION_DENIED"],
    [new NotPartnerError("no"), "NOT_PARTNER"],
    [new NotFoundError("no"), "PARENT_NOT_FOUND"],
    [new ParentNotPartnerError("no"), "PARENT_NOT_PARTNER"],
    [new AccountStateError("account_suspended", "no"), "PARENT_INACTIVE"],
    [new AccountStateError("account_closed", "no"), "PARENT_INACTIVE"],
    [new LimitExceededError("depth_limit", "no"), "DEPTH_LIMIT"],
    [new ValidationError("no", { name: ["Enter a name."] }), "INVALID_ACCOUNTNAME"],
    [new ValidationError("no", { invoicingAccountId: ["Not an ancestor."] }), "INVALID_INVOICINGACCOUNT"],
    [new ValidationError("Only partner accounts can have sub-accounts."), "INVALID_REQUEST"],
  ] as const)("maps %s to %s", (err, kind) => {
    expect(smscentralErrorOf(err).kind).toBe(kind);
  });

  it("names the seed's field in a field error's description", () => {
    expect(smscentralErrorOf(new ValidationError("no", { monthlyVolumeLimit: ["The limit must be positive."] })).message).toBe("MONTHLYVOLUMELIMIT: The limit must be positive.");
  });

  it("has one distinct code per error", () => {
    const codes = Object.values(SMSCENTRAL_ERRORS).map((e) => e.errorcode);
    expect(new Set(codes).size).toBe(codes.length);
  });
});

describe("readSmscentralParams", () => {
  const post = (body: string, type: string, query = "") =>
    readSmscentralParams(new Request(`http://subledger.test/api/v3.2/account/create${query}`, { method: "POST", headers: { "content-type": type }, body }));

  it("reads a GET's query string and ignores a GET's body", async () => {
    const req = new Request("http://subledger.test/api/v3.2/account/create?USERNAME=a%40b.c&password=p&ACCOUNT=%7B%7D");
    expect(await readSmscentralParams(req)).toEqual({ USERNAME: "a@b.c", PASSWORD: "p", ACCOUNT: "{}" });
  });

  it("reads form, JSON and untyped bodies, the body winning over the query string", async () => {
    expect(await post("USERNAME=a%40b.c&PASSWORD=x", "application/x-www-form-urlencoded", "?PASSWORD=y&ACCOUNT=%7B%7D")).toEqual({ USERNAME: "a@b.c", PASSWORD: "x", ACCOUNT: "{}" });
    expect(await post('{"username":"a@b.c","ACCOUNT":{"ACCOUNTNAME":"x"}}', "application/json; charset=utf-8")).toEqual({ USERNAME: "a@b.c", ACCOUNT: { ACCOUNTNAME: "x" } });
    expect(await post("USERNAME=a%40b.c", "text/plain")).toEqual({ USERNAME: "a@b.c" });
    expect(await post("", "application/json", "?USERNAME=q")).toEqual({ USERNAME: "q" });
  });

  it("refuses a JSON body that is not an object", async () => {
    await expect(post("[1]", "application/json")).rejects.toThrow("The JSON body must be an object");
    await expect(post("{", "application/json")).rejects.toThrow("not valid JSON");
  });
});
