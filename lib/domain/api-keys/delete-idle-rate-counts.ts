import { prisma } from "@/lib/db/client";

/**
 * Deletes the rate-limit counters of keys and tenants idle for an hour (a revoked key's row would otherwise stay
 * forever); returns how many. A request racing the delete either locks the row first (the delete then sees the
 * new window and keeps it) or inserts a fresh row. The table is small (one row per active key and tenant), so a
 * scan a minute is cheap.
 */
export async function deleteIdleRateCounts({ idleSeconds = 3600 } = {}) {
  return prisma.$executeRaw`DELETE FROM api_rate_count WHERE window_start < now() - make_interval(secs => ${idleSeconds})`;
}
