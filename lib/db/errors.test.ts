import { describe, expect, it } from "vitest";
import { isRetryable, sqlStateOf, toDomainError } from "@/lib/db/errors";
import {
  AccountStateError,
  ConflictError,
  DomainError,
  InsufficientFundsError,
  LimitExceededError,
  NotFoundError,
  ValidationError,
} from "@/lib/domain/errors";

/** What Prisma 7 with @prisma/adapter-pg throws for an error raised inside a raw query. */
function prismaError(originalCode: string, originalMessage: string, code = "P2010") {
  return Object.assign(new Error(`Raw query failed. Code: \`${originalCode}\`. Message: \`${originalMessage}\``), {
    name: "PrismaClientKnownRequestError",
    code,
    meta: { driverAdapterError: { cause: { originalCode, originalMessage, kind: "postgres" } } },
  });
}

describe("toDomainError", () => {
  it("maps SL001 to InsufficientFundsError with the account, the available amount and a formatted message", () => {
    const err = toDomainError(prismaError("SL001", "insufficient funds: account=7 available=1500000"));
    expect(err).toBeInstanceOf(InsufficientFundsError);
    const funds = err as InsufficientFundsError;
    expect(funds.accountId).toBe(7);
    expect(funds.available).toBe(1_500_000n);
    expect(funds.message).toBe("Insufficient funds: €1.50 available.");
    expect(funds.code).toBe("insufficient_funds");
    expect(funds.status).toBe(402);
  });

  it("formats the available amount in the tenant's currency, negative and sub-cent amounts included", () => {
    const usd = toDomainError(prismaError("SL001", "insufficient funds: account=12 available=34500"), "USD") as InsufficientFundsError;
    expect(usd.message).toBe("Insufficient funds: $0.0345 available.");
    const negative = toDomainError(prismaError("SL001", "insufficient funds: account=3 available=-2500000")) as InsufficientFundsError;
    expect(negative.available).toBe(-2_500_000n);
    expect(negative.message).toBe("Insufficient funds: -€2.50 available.");
  });

  it("keeps the exact available amount beyond 2^53", () => {
    const err = toDomainError(prismaError("SL001", "insufficient funds: account=9 available=9007199254740993")) as InsufficientFundsError;
    expect(err.available).toBe(9_007_199_254_740_993n);
    expect(err.message).toBe("Insufficient funds: €9,007,199,254.740993 available.");
  });

  it.each([
    ["SL002", "this idempotency key was used for another request", ConflictError, "idempotency_conflict", 409, "This idempotency key was already used for a different request."],
    ["SL003", "account not found in this tenant", NotFoundError, "not_found", 404, "Account not found."],
    ["SL004", "a credit moves money only along a parent edge or to a system account", ValidationError, "validation_failed", 422, "Money moves only between an account and its direct parent."],
    ["SL005", "account 12 is suspended", AccountStateError, "account_suspended", 409, "The account is suspended: no money can leave it."],
    ["SL006", "account 12 is closed", AccountStateError, "account_closed", 409, "The account is closed."],
    ["SL007", "the amount must be positive", ValidationError, "validation_failed", 422, "The amount must be positive."],
    ["SL010", "only partner accounts may have sub-accounts", ValidationError, "validation_failed", 422, "Only partner accounts can have sub-accounts."],
    ["SL011", "the account tree is limited to 3 levels", LimitExceededError, "depth_limit", 422, "The account tree is full: limited to 3 levels."],
    ["SL012", "balances change only through ledger_post_transfer()", ValidationError, "validation_failed", 422, "Balances change only through ledger_post_transfer()."],
    ["SL012", "the transfer journal is append-only", ValidationError, "validation_failed", 422, "The transfer journal is append-only."],
  ] as const)("maps %s (%s) to %o", (state, message, cls, code, status, text) => {
    const err = toDomainError(prismaError(state, message));
    expect(err).toBeInstanceOf(cls);
    expect(err).toBeInstanceOf(DomainError);
    expect(err).toMatchObject({ code, status, message: text });
  });

  it("reads the SQLSTATE from a driver cause that names it `code`", () => {
    const err = { code: "P2010", meta: { driverAdapterError: { cause: { code: "SL005", message: "account 4 is suspended" } } } };
    expect(toDomainError(err)).toBeInstanceOf(AccountStateError);
  });

  it("passes a DomainError through as it is", () => {
    const original = new NotFoundError("Member not found.");
    expect(toDomainError(original)).toBe(original);
  });

  it.each([
    ["a plain Error", new Error("boom")],
    ["a unique violation", prismaError("23505", "duplicate key value violates unique constraint", "P2002")],
    ["a check violation", prismaError("23514", 'new row for relation "account" violates check constraint')],
    ["a serialization failure", prismaError("40001", "could not serialize access", "P2034")],
    ["an unknown SL code", prismaError("SL999", "something new")],
    ["a Prisma error without a driver cause", { code: "P2025", message: "Record not found" }],
    ["a string", "boom"],
    ["null", null],
    ["undefined", undefined],
  ])("returns %s unchanged", (_label, err) => {
    expect(toDomainError(err)).toBe(err);
  });
});

describe("sqlStateOf", () => {
  it.each([
    ["a driver adapter cause", prismaError("40P01", "deadlock detected"), "40P01"],
    ["meta.code", { code: "P2010", meta: { code: "40001" } }, "40001"],
    ["a pg error's own code", { code: "23505" }, "23505"],
    ["a Prisma code alone", { code: "P2002" }, undefined],
    ["nothing", {}, undefined],
    ["null", null, undefined],
  ])("reads %s", (_label, err, state) => {
    expect(sqlStateOf(err)).toBe(state);
  });
});

describe("isRetryable", () => {
  it.each([
    ["a serialization failure through the adapter", prismaError("40001", "could not serialize access due to concurrent update", "P2034"), true],
    ["a deadlock through the adapter", prismaError("40P01", "deadlock detected", "P2034"), true],
    ["a serialization failure in meta.code", { code: "P2010", meta: { code: "40001" } }, true],
    ["a raw pg deadlock", { code: "40P01" }, true],
    ["insufficient funds", prismaError("SL001", "insufficient funds: account=7 available=0"), false],
    ["a unique violation", prismaError("23505", "duplicate key", "P2002"), false],
    ["a Prisma error without SQLSTATE", { code: "P2025" }, false],
    ["a plain Error", new Error("40001"), false],
    ["a domain error", new InsufficientFundsError(1, 0n, "no"), false],
    ["undefined", undefined, false],
  ])("%s → %s", (_label, err, retryable) => {
    expect(isRetryable(err)).toBe(retryable);
  });
});

describe("sqlStateOf: the shapes Prisma 7 uses", () => {
  it("reads a bare DriverAdapterError, as a failed COMMIT of an interactive transaction throws it", () => {
    const bare = Object.assign(new Error("TransactionWriteConflict"), { cause: { originalCode: "40001", kind: "TransactionWriteConflict" } });
    expect(sqlStateOf(bare)).toBe("40001");
    expect(isRetryable(bare)).toBe(true);
  });

  it("treats the query engine's P2034 (write conflict or deadlock) as retryable", () => {
    expect(isRetryable({ code: "P2034", meta: {} })).toBe(true);
  });
});

describe("isRetryable: an idempotency key committed by a concurrent request", () => {
  it("retries the unique violation of the transfer's key index, and no other unique violation", () => {
    const keyRace = { code: "P2010", meta: { driverAdapterError: { cause: { originalCode: "23505", originalMessage: 'duplicate key value violates unique constraint "transfer_tenant_id_idempotency_key_key"' } } } };
    const email = { code: "P2010", meta: { driverAdapterError: { cause: { originalCode: "23505", originalMessage: 'duplicate key value violates unique constraint "app_user_email_key"' } } } };
    expect(isRetryable(keyRace)).toBe(true);
    expect(isRetryable(email)).toBe(false);
  });
});
