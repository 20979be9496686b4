import { requireAccess } from "@/lib/auth/access";
import { listBreadcrumbs } from "@/lib/domain/accounts/queries";
import { DomainError, NotFoundError } from "@/lib/domain/errors";
import { toCsvRow } from "@/lib/domain/ledger/ledger-csv";
import { getMemberStats } from "@/lib/domain/stats/queries";
import { resolveRange } from "@/lib/domain/stats/stats-query-schema";
import { MEMBER_STATS_CSV_HEADER, memberStatsToCsv } from "../member-stats-csv";
import { memberStatsSortOf, parseStatisticsQuery } from "../statistics-url";

/**
 * The per-member table of a view as CSV, every row (not one page), in the table's order. One row per direct
 * member, so the file is built in memory: at most one line per member of the tree.
 */
export async function GET(request: Request, { params }: RouteContext<"/accounts/[accountId]/statistics/export">) {
  const accountId = Number((await params).accountId);
  try {
    const ctx = await requireAccess(accountId, "viewer");
    const query = parseStatisticsQuery(new URL(request.url).searchParams);
    const range = resolveRange(query);
    const memberId = query.member === accountId ? undefined : query.member;
    // the member must lie below the viewed account, as on the page
    const chain = await listBreadcrumbs(ctx, memberId ?? accountId);
    if (!chain.some((c) => c.id === accountId)) throw new NotFoundError("Member not found.");
    const rows = await getMemberStats(ctx, memberId ?? accountId, range, memberStatsSortOf(query.sort));
    const body = toCsvRow(MEMBER_STATS_CSV_HEADER) + rows.map((r) => toCsvRow(memberStatsToCsv(r, ctx.currency))).join("");
    return new Response(body, {
      headers: {
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": `attachment; filename="statistics-${memberId ?? accountId}-${range.from}-to-${range.to}.csv"`,
        "Cache-Control": "no-store",
      },
    });
  } catch (err) {
    if (err instanceof DomainError) return Response.json({ error: { code: err.code, message: err.message } }, { status: err.status });
    throw err;
  }
}
