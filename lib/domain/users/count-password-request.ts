import { sqlPool } from "@/lib/db/pool";
import { isCounting, rateCountUpsertSql, rateLimitRefusal, rateLimitsFromEnv } from "@/lib/domain/api-keys/rate-limits";

/**
 * Counts a request of a user who signs in with a password on every call (SMS Central's API) against the same
 * limits as an API key: RATE_LIMIT_PER_KEY for the user, RATE_LIMIT_PER_TENANT for the tenant together with its
 * keys. Counted after the password was checked, so a wrong one spends nobody's budget (the sign-in throttle
 * handles those). The counters and their windows are the keys' (authenticate-api-key.ts explains them).
 */
export async function countPasswordRequest(tenantId: number, userId: number): Promise<void> {
  const limits = rateLimitsFromEnv(process.env);
  if (!isCounting(limits)) return;
  const { rows: [row] } = await sqlPool().query<{ user_count: number; tenant_count: number | null; window_left_seconds: number }>({
    name: "count_password_request",
    text: `
      WITH counted_user AS (${rateCountUpsertSql(
        "VALUES ($1, 'user'::rate_limit_scope, $2, date_bin(make_interval(secs => $3), now(), timestamptz 'epoch'), 1)",
        "c.count, c.window_start",
      )}
      ),
      counted_tenant AS (${rateCountUpsertSql(
        "SELECT $1, 'tenant'::rate_limit_scope, $1, counted_user.window_start, 1 FROM counted_user WHERE $4 = 0 OR counted_user.count <= $4",
        "c.count",
      )}
      )
      SELECT counted_user.count AS user_count, counted_tenant.count AS tenant_count,
             extract(epoch FROM counted_user.window_start + make_interval(secs => $3) - now())::float8 AS window_left_seconds
        FROM counted_user LEFT JOIN counted_tenant ON true`,
    values: [tenantId, userId, limits.windowSeconds, limits.perKey],
  });
  const refusal = rateLimitRefusal(limits, { keyCount: row.user_count, tenantCount: row.tenant_count, windowLeftSeconds: row.window_left_seconds }, "user");
  if (refusal) throw refusal;
}
