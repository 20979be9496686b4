// Turns what PostgreSQL raised into domain errors. The SL* codes are raised by our own triggers and functions
// (prisma/sql/README.md lists them); 40001/40P01 are serialization failures and deadlocks, which a retry fixes.
import {
  AccountStateError,
  ConflictError,
  DomainError,
  InsufficientFundsError,
  LimitExceededError,
  NotFoundError,
  ValidationError,
} from "@/lib/domain/errors";
import { formatExact } from "@/lib/money";

type DriverCause = { originalCode?: string; code?: string; originalMessage?: string; message?: string };

/** The SQLSTATE behind a Prisma error, whether it came from a raw query or from the query engine. */
export function sqlStateOf(err: unknown): string | undefined {
  const e = err as { code?: string; cause?: DriverCause; meta?: { driverAdapterError?: { cause?: DriverCause }; code?: string } };
  // a raw query wraps the driver's error in meta; a failed COMMIT of an interactive transaction throws it bare
  const cause = e?.meta?.driverAdapterError?.cause ?? (e?.cause && typeof e.cause === "object" ? e.cause : undefined);
  if (cause?.originalCode ?? cause?.code) return cause.originalCode ?? cause.code;
  // the query engine's own name for a write conflict or deadlock
  if (e?.code === "P2034") return "40001";
  if (typeof e?.meta?.code === "string") return e.meta.code;
  if (typeof e?.code === "string" && /^[0-9A-Z]{5}$/.test(e.code) && !e.code.startsWith("P")) return e.code;
  return undefined;
}

function sqlMessageOf(err: unknown): string {
  const cause = (err as { meta?: { driverAdapterError?: { cause?: DriverCause } } })?.meta?.driverAdapterError?.cause;
  return cause?.originalMessage ?? cause?.message ?? (err as Error)?.message ?? "";
}

/**
 * Errors that running the same transaction again fixes: serialization failures, deadlocks, and a transfer whose
 * idempotency key a concurrent request committed first (the retry finds that transfer and replays it).
 */
export function isRetryable(err: unknown) {
  const state = sqlStateOf(err);
  if (state === "40001" || state === "40P01") return true;
  return state === "23505" && sqlMessageOf(err).includes("transfer_tenant_id_idempotency_key_key");
}

/** Maps a database error to a DomainError, or returns the error unchanged when it is not an expected one. */
export function toDomainError(err: unknown, currency = "EUR"): unknown {
  if (err instanceof DomainError) return err;
  return domainErrorFromSqlState(sqlStateOf(err), sqlMessageOf(err), currency) ?? err;
}

/** The DomainError for one of our SL* SQLSTATEs (raised, or returned per transfer by the ledger), else null. */
export function domainErrorFromSqlState(state: string | undefined, message: string, currency = "EUR"): DomainError | null {
  switch (state) {
    case "SL001": {
      const match = /account=(\d+) available=(-?\d+)/.exec(message);
      const accountId = Number(match?.[1] ?? 0);
      const available = BigInt(match?.[2] ?? 0);
      return new InsufficientFundsError(
        accountId,
        available,
        // exact: €0.004 available must not read as €0.00 when a charge of €0.0079 is refused
        `Insufficient funds: ${formatExact(available, currency)} available.`,
      );
    }
    case "SL002":
      return new ConflictError("idempotency_conflict", "This idempotency key was already used for a different request.");
    case "SL003":
      return new NotFoundError("Account not found.");
    case "SL004":
      return new ValidationError("Money moves only between an account and its direct parent.");
    case "SL005":
      return new AccountStateError("account_suspended", "The account is suspended: no money can leave it.");
    case "SL006":
      return new AccountStateError("account_closed", "The account is closed.");
    case "SL007":
      return new ValidationError("The amount must be positive.");
    case "SL010":
      return new ValidationError("Only partner accounts can have sub-accounts.");
    case "SL011":
      return new LimitExceededError("depth_limit", `The account tree is full: ${message.replace(/^.*limited to /, "limited to ")}.`);
    case "SL012":
      return new ValidationError(message.charAt(0).toUpperCase() + message.slice(1) + ".");
    case "SL020": {
      const match = /limit=(\d+) used=(\d+)/.exec(message);
      return new LimitExceededError(
        "monthly_limit_reached",
        `Monthly volume limit reached: ${match?.[2] ?? "?"} of ${match?.[1] ?? "?"} messages sent this month.`,
      );
    }
    case "SL023":
      return new ConflictError("duplicate_reference", `The ${message.replace(/^reference /, "reference ")}; a reference names one message.`);
    case "SL030":
      return new ValidationError(message.charAt(0).toUpperCase() + message.slice(1) + ".");
    case "SL021":
      return new NotFoundError("The sender account does not exist or cannot send.");
    case "SL040":
      return new ConflictError("operator_membership", "A platform operator cannot be a member of a tenant, nor a member an operator.");
    default:
      return null;
  }
}
