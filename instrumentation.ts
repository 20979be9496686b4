// Runs once when a server instance starts: the background workers (delivery, receipts, callbacks) live in
// every instance, so work goes on while any instance is up.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs" || process.env.SUBLEDGER_WORKERS === "off") return;
  const { startWorkers } = await import("@/lib/jobs/workers");
  await startWorkers().catch((err) => console.error("background workers did not start:", err));
}
