// Expected failures: each has a stable code that the dashboard shows as a message and each API surface maps
// once, in lib/api/. Anything else is unexpected: logged, and shown as a generic error.
export class DomainError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number = 400,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class ValidationError extends DomainError {
  constructor(message: string, readonly fieldErrors?: Record<string, string[]>) {
    super("validation_failed", message, 422);
  }
}

export class UnauthenticatedError extends DomainError {
  constructor(message = "Sign in to continue.") {
    super("unauthenticated", message, 401);
  }
}

export class ForbiddenError extends DomainError {
  constructor(message = "Your role does not allow this.") {
    super("forbidden", message, 403);
  }
}

/** Also what a caller gets for another tenant's or another subtree's id: it must not learn that it exists. */
export class NotFoundError extends DomainError {
  constructor(message = "Not found.") {
    super("not_found", message, 404);
  }
}

export class ConflictError extends DomainError {
  constructor(code: string, message: string) {
    super(code, message, 409);
  }
}

export class InsufficientFundsError extends DomainError {
  constructor(
    readonly accountId: number,
    readonly available: bigint,
    message: string,
  ) {
    super("insufficient_funds", message, 402);
  }
}

export class AccountStateError extends DomainError {
  constructor(code: "account_suspended" | "account_closed", message: string) {
    super(code, message, 409);
  }
}

export class LimitExceededError extends DomainError {
  constructor(code: string, message: string) {
    super(code, message, 422);
  }
}

/** Too many API requests in the current window; the API surfaces add `Retry-After` and `RateLimit-*` headers. */
export class RateLimitedError extends DomainError {
  constructor(
    message: string,
    readonly limit: number,
    readonly retryAfterSeconds: number,
  ) {
    super("rate_limited", message, 429);
  }
}
