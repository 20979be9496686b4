// npm run bench -- <name> [--seconds N]: benchmarks that print figures. Names: ledger, ledger-export, team, messages, stats, operator, carriers.
const [benchName, ...args] = process.argv.slice(2);
const benches: Record<string, () => Promise<{ run: (args: string[]) => Promise<void> }>> = {
  ledger: () => import("./ledger.ts"),
  "ledger-export": () => import("./ledger-export.ts"),
  team: () => import("./team.ts"),
  messages: () => import("./messages.ts"),
  stats: () => import("./stats.ts"),
  operator: () => import("./operator.ts"),
  carriers: () => import("./carriers.ts"),
};
if (!benchName || !benches[benchName]) {
  console.error(`usage: npm run bench -- <${Object.keys(benches).join("|")}> [--seconds N]`);
  process.exit(1);
}
await (await benches[benchName]()).run(args);

export {};
