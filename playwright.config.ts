import fs from "node:fs";
import { defineConfig, devices } from "@playwright/test";
import { E2E_APP_PORT, E2E_EMPTY_APP_PORT, E2E_UPSTREAM_APP_PORT } from "./scripts/lib/config.ts";

// Debian's Chromium: Playwright's own browser download is impossible offline. .ci/run installs it.
const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
if (!fs.existsSync(chromium)) {
  throw new Error(`No Chromium at ${chromium}. Install Debian's: apt-get update && apt-get install -y chromium (or set CHROMIUM_PATH).`);
}

export default defineConfig({
  testDir: "./e2e",
  timeout: 45_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  forbidOnly: true,
  retries: 0,
  reporter: [["list"]],
  outputDir: "test-results",
  use: {
    baseURL: `http://127.0.0.1:${E2E_APP_PORT}`,
    screenshot: "only-on-failure",
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: chromium,
      args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"],
    },
  },
  projects: [
    // each demo user signs in through the form once; the desktop specs start from those sessions
    { name: "sessions", use: { ...devices["Desktop Chrome"], channel: undefined }, testMatch: /sessions\.setup\.ts/ },
    { name: "desktop", use: { ...devices["Desktop Chrome"], channel: undefined }, testIgnore: /first-run\.spec\.ts/, dependencies: ["sessions"] },
    // the production build against an empty database: a real business's first run (no demo data)
    {
      name: "first-run",
      use: { ...devices["Desktop Chrome"], channel: undefined, baseURL: `http://127.0.0.1:${E2E_EMPTY_APP_PORT}` },
      testMatch: /first-run\.spec\.ts/,
    },
  ],
  // npm test (scripts/test.ts) starts these same servers beside the db tests and says so; anywhere else they start here
  webServer: [
    {
      command: "npx tsx scripts/e2e-server.ts",
      url: `http://127.0.0.1:${E2E_APP_PORT}/sign-in`,
      reuseExistingServer: process.env.SUBLEDGER_E2E_SERVERS_RUNNING === "1",
      timeout: 120_000,
      stdout: "pipe",
      gracefulShutdown: { signal: "SIGTERM", timeout: 15_000 },
    },
    {
      command: "npx tsx scripts/e2e-server.ts --upstream",
      url: `http://127.0.0.1:${E2E_UPSTREAM_APP_PORT}/sign-in`,
      reuseExistingServer: process.env.SUBLEDGER_E2E_SERVERS_RUNNING === "1",
      timeout: 120_000,
      stdout: "pipe",
      gracefulShutdown: { signal: "SIGTERM", timeout: 15_000 },
    },
    {
      command: "npx tsx scripts/e2e-server.ts --empty",
      url: `http://127.0.0.1:${E2E_EMPTY_APP_PORT}/sign-in`,
      reuseExistingServer: process.env.SUBLEDGER_E2E_SERVERS_RUNNING === "1",
      timeout: 120_000,
      stdout: "pipe",
      gracefulShutdown: { signal: "SIGTERM", timeout: 15_000 },
    },
  ],
});
