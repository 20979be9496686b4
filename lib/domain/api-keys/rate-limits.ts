// API rate limits (issue 9): fixed windows counted in PostgreSQL by the API-key look-up, so that they hold across
// every app instance. This file holds the pure part: reading the configuration and deciding on the counts.
import { RateLimitedError } from "@/lib/domain/errors";
import { wholeNumberSetting, type Env } from "@/lib/env-settings";

/** Requests allowed per window; 0 switches a limit off. `perKey` also limits a user signing in on every call. */
export type RateLimits = { perKey: number; perTenant: number; windowSeconds: number };

export const DEFAULT_RATE_LIMITS: RateLimits = { perKey: 100, perTenant: 300, windowSeconds: 1 };

/** RATE_LIMIT_PER_KEY, RATE_LIMIT_PER_TENANT (requests per window, 0 = off) and RATE_LIMIT_WINDOW_SECONDS. */
export function rateLimitsFromEnv(env: Env): RateLimits {
  return {
    perKey: wholeNumberSetting(env, "RATE_LIMIT_PER_KEY", DEFAULT_RATE_LIMITS.perKey, 0, 2_000_000_000),
    perTenant: wholeNumberSetting(env, "RATE_LIMIT_PER_TENANT", DEFAULT_RATE_LIMITS.perTenant, 0, 2_000_000_000),
    windowSeconds: wholeNumberSetting(env, "RATE_LIMIT_WINDOW_SECONDS", DEFAULT_RATE_LIMITS.windowSeconds, 1, 3600),
  };
}

export const isCounting = (limits: RateLimits) => limits.perKey > 0 || limits.perTenant > 0;

/**
 * What the look-up counted for this request: the key's requests in the window (every one, refused or not), the
 * tenant's (only those the key's limit let through, so that one runaway key cannot spend its siblings' budget;
 * null when it did not), and the seconds left in the window.
 */
export type RateCounts = { keyCount: number; tenantCount: number | null; windowLeftSeconds: number };

/** The refusal for a request past either limit, or null when it may go on. `subject`: who was counted first. */
export function rateLimitRefusal(limits: RateLimits, counts: RateCounts, subject: "key" | "user" = "key"): RateLimitedError | null {
  const retryAfterSeconds = Math.max(1, Math.ceil(counts.windowLeftSeconds));
  const per = limits.windowSeconds === 1 ? "per second" : `per ${limits.windowSeconds} seconds`;
  const retry = `Retry after ${retryAfterSeconds} s.`;
  if (limits.perKey > 0 && counts.keyCount > limits.perKey) {
    const who = subject === "key" ? "with this API key" : "from this user";
    return new RateLimitedError(`Too many requests ${who}: at most ${limits.perKey} ${per}. ${retry}`, limits.perKey, retryAfterSeconds);
  }
  if (limits.perTenant > 0 && counts.tenantCount !== null && counts.tenantCount > limits.perTenant) {
    return new RateLimitedError(
      `Too many requests from the API keys and users of this account tree together: at most ${limits.perTenant} ${per}. ${retry}`,
      limits.perTenant,
      retryAfterSeconds,
    );
  }
  return null;
}

/**
 * The SQL of one counter's upsert in api_rate_count: `rows` selects (tenant_id, scope, subject_id, window_start, 1).
 * A new window resets the row in place; greatest() keeps a statement that started just before the turn from
 * resetting a newer window; ON CONFLICT DO UPDATE serializes concurrent requests on the row, so each sees the
 * previous one's count.
 */
export const rateCountUpsertSql = (rows: string, returning: string) => `
    INSERT INTO api_rate_count AS c (tenant_id, scope, subject_id, window_start, count)
    ${rows}
    ON CONFLICT (tenant_id, scope, subject_id) DO UPDATE
       SET count = CASE WHEN excluded.window_start > c.window_start THEN 1 ELSE c.count + 1 END,
           window_start = greatest(c.window_start, excluded.window_start)
    RETURNING ${returning}`;
