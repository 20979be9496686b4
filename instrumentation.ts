// Runs once when a server instance starts: the start-up checks (lib/runtime/start-checks.ts: settings, an
// up-to-date database, the setup link of a platform without an operator), then the background workers
// (delivery, receipts, callbacks, outbox mail), which live in every instance, so work goes on while any instance
// is up. Not during `next build`, which may load this file too and must not connect to a database.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  if (process.env.NEXT_PHASE === "phase-production-build") return;
  const { runStartChecks } = await import("@/lib/runtime/start-checks");
  await runStartChecks();
  if (process.env.SUBLEDGER_WORKERS === "off") return;
  const { startWorkers } = await import("@/lib/jobs/workers");
  await startWorkers().catch((err) => console.error("background workers did not start:", err));
}
