// Printing what a scenario did: operations per kind, refusals by code, latency per route.
import { OP_KINDS, type Tally } from "./workload.ts";

export type ScenarioResult = { name: string; seconds: number; lines: string[]; violations: string[] };

export function percentile(values: number[], p: number) {
  if (!values.length) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

export const ms = (v: number) => `${v < 10 ? v.toFixed(1) : Math.round(v)} ms`;

/** The storm's figures: operations by kind, errors by code, requests and their latencies per route. */
export function describeTally(tally: Tally, elapsedSeconds: number): string[] {
  const lines: string[] = [];
  let done = 0;
  let refused = 0;
  const perKind = OP_KINDS.map((k) => {
    const d = tally.done.get(k) ?? 0;
    const r = tally.refusedOps.get(k) ?? 0;
    done += d;
    refused += r;
    return `${k} ${d}${r ? ` (+${r} refused)` : ""}`;
  });
  lines.push(`operations: ${done + refused} in ${elapsedSeconds.toFixed(1)} s (${((done + refused) / elapsedSeconds).toFixed(1)}/s): ${done} done, ${refused} refused`);
  lines.push(`  by kind: ${perKind.join(", ")}`);
  const errors = [...tally.errors.entries()].sort((a, b) => b[1] - a[1]);
  lines.push(`  refusals by code: ${errors.length ? errors.map(([code, n]) => `${code} ×${n}`).join(", ") : "none"}`);
  let requests = 0;
  const routeLines: string[] = [];
  for (const [route, stats] of [...tally.routes.entries()].sort((a, b) => b[1].latencies.length - a[1].latencies.length)) {
    requests += stats.latencies.length;
    routeLines.push(`    ${route.padEnd(20)} ${String(stats.latencies.length).padStart(6)}  p50 ${ms(percentile(stats.latencies, 50)).padStart(7)}  p99 ${ms(percentile(stats.latencies, 99)).padStart(7)}  max ${ms(percentile(stats.latencies, 100)).padStart(7)}`);
  }
  const all = [...tally.routes.values()].flatMap((s) => s.latencies);
  lines.push(`  HTTP requests answered: ${requests} (${(requests / elapsedSeconds).toFixed(0)}/s), p50 ${ms(percentile(all, 50))}, p99 ${ms(percentile(all, 99))}; by route:`);
  lines.push(...routeLines);
  const fiveXX = tally.failures.length;
  lines.push(`  5xx or unanswered: ${fiveXX}; same-key replays checked: ${tally.replayChecks}; retries: ${tally.retries}`);
  return lines;
}

export function printResult(result: ScenarioResult) {
  const verdict = result.violations.length ? `FAILED (${result.violations.length} violations)` : "held";
  console.log(`\n== ${result.name}: ${verdict} in ${result.seconds.toFixed(0)} s`);
  for (const line of result.lines) console.log(`  ${line}`);
  for (const v of result.violations.slice(0, 50)) console.log(`  ✗ ${v}`);
  if (result.violations.length > 50) console.log(`  … and ${result.violations.length - 50} more`);
}
