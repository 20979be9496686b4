// The team page's query with 10,000 children under one account: p50/p95 over repeated runs of the first page,
// a deep page, a search and a sort by balance (the figures the issue asks for: "well under a second").
import { randomUUID } from "node:crypto";
import { withBenchDatabase } from "./bench-db.ts";


export async function run(args: string[]) {
  const nArg = args.indexOf("--children");
  const children = nArg >= 0 ? Number(args[nArg + 1]) : 10_000;
  await withBenchDatabase(async (url) => {
    const { prisma } = await import("../../lib/db/client.ts");
    const { createTenant } = await import("../../lib/domain/accounts/create-tenant.ts");
    const { listMembers } = await import("../../lib/domain/members/queries.ts");
    const { listMembersQuerySchema } = await import("../../lib/domain/members/list-members-schema.ts");
    const tenant = await createTenant({
      input: { tenantName: "Team bench", currency: "EUR", ownerName: "Bench", ownerEmail: `team-${randomUUID()}@bench.local`, ownerPassword: "bench-password" },
    });
    const t0 = performance.now();
    // the tree trigger fills depth and path for each row, as for any other insert
    await prisma.$executeRaw`
      INSERT INTO account (tenant_id, parent_id, name, contact_email, currency, is_partner, payment_model, invoicing_account_id, monthly_volume_limit)
      SELECT ${tenant.tenantId}, ${tenant.masterAccountId}, 'Member ' || lpad(i::text, 5, '0'), 'ops' || i || '@member.test', 'EUR',
             i % 10 = 0, 'prepaid', NULL, CASE WHEN i % 3 = 0 THEN 1000 * i END
      FROM generate_series(1, ${children}) AS i`;
    await prisma.$executeRaw`ANALYZE account`;
    console.log(`Inserted ${children.toLocaleString("en-US")} children in ${((performance.now() - t0) / 1000).toFixed(1)} s.`);
    const ctx = { tenantId: tenant.tenantId, accountId: tenant.masterAccountId };
    const cases: [string, Record<string, string>][] = [
      ["first page, by name", {}],
      ["page 200, by name", { page: "200" }],
      ["first page, by balance desc", { sort: "-balance" }],
      ["search 'member 0999'", { q: "member 0999" }],
      ["filter postpaid (none match)", { payment: "postpaid" }],
    ];
    for (const [label, params] of cases) {
      const query = listMembersQuerySchema.parse(params);
      const times: number[] = [];
      let total = 0;
      for (let i = 0; i < 25; i++) {
        const start = performance.now();
        const result = await listMembers(ctx, tenant.masterAccountId, query);
        times.push(performance.now() - start);
        total = result.total;
      }
      times.sort((a, b) => a - b);
      const p = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))].toFixed(1);
      console.log(`${label.padEnd(32)} total ${String(total).padStart(6)}  p50 ${p(0.5).padStart(6)} ms  p95 ${p(0.95).padStart(6)} ms`);
    }
    await prisma.$disconnect();
  });
}
