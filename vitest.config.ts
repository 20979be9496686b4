import path from "node:path";
import { defineConfig } from "vitest/config";

const alias = { "@": path.resolve(import.meta.dirname) };

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        test: {
          name: "unit",
          include: ["lib/**/*.test.ts", "app/**/*.test.ts", "scripts/**/*.test.ts", "components/**/*.test.ts"],
          exclude: ["**/*.db.test.ts", "node_modules/**"],
          environment: "node",
        },
      },
      {
        resolve: { alias },
        test: {
          name: "db",
          include: ["lib/**/*.db.test.ts", "scripts/**/*.db.test.ts"],
          environment: "node",
          globalSetup: ["lib/testing/db-global-setup.ts"],
          // files run one after another against one PostgreSQL; each test makes its own tenant
          fileParallelism: false,
          // argon2 at its lowest cost for the tests' users (lib/auth/password.ts says why)
          env: { SUBLEDGER_FAST_PASSWORD_HASH: "1", CARRIER_SECRET_KEY: "db-tests-only-carrier-key-not-for-production" },
          pool: "forks",
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
