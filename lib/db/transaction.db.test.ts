import { describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/client";
import { fundMaster, makeChild, makeTenant } from "@/lib/testing/factories";
import { sqlStateOf } from "./errors";
import { withRetry } from "./transaction";

// Two SERIALIZABLE transactions that each read both rows and then write one of them form a write skew that
// PostgreSQL resolves by failing one with 40001. withRetry must turn that into two successes.
describe("withRetry", () => {
  it("retries a real serialization failure until the transaction commits", async () => {
    const tenant = await makeTenant();
    const a = await makeChild(tenant, { name: "skew a" });
    const b = await makeChild(tenant, { name: "skew b" });
    await fundMaster(tenant, 1_000_000n);
    let attempts = 0;
    const failures: string[] = [];
    let arrived = 0;
    let release!: () => void;
    const bothRead = new Promise<void>((r) => (release = r));
    const skew = (target: number) =>
      withRetry(async () => {
        attempts++;
        try {
          return await prisma.$transaction(
            async (tx) => {
              await tx.$queryRaw`SELECT sum(monthly_volume_limit) FROM account WHERE tenant_id = ${tenant.tenantId} AND id IN (${a.id}, ${b.id})`;
              if (++arrived === 2) release();
              await Promise.race([bothRead, new Promise((r) => setTimeout(r, 2000))]);
              await tx.$executeRaw`UPDATE account SET monthly_volume_limit = coalesce(monthly_volume_limit, 0) + 1 WHERE tenant_id = ${tenant.tenantId} AND id = ${target}`;
            },
            { isolationLevel: "Serializable" },
          );
        } catch (err) {
          failures.push(sqlStateOf(err) ?? "unknown");
          throw err;
        }
      });
    await Promise.all([skew(a.id), skew(b.id)]);
    expect(failures).toContain("40001");
    expect(attempts).toBeGreaterThan(2);
    const rows = await prisma.account.findMany({ where: { tenantId: tenant.tenantId, id: { in: [a.id, b.id] } } });
    expect(rows.map((r) => r.monthlyVolumeLimit)).toEqual([1, 1]);
  });

  it("does not retry an error that a retry cannot fix", async () => {
    let attempts = 0;
    await expect(
      withRetry(async () => {
        attempts++;
        await prisma.$queryRaw`SELECT 1 / 0`;
      }),
    ).rejects.toThrow();
    expect(attempts).toBe(1);
  });
});
