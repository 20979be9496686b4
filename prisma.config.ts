import { defineConfig } from "prisma/config";

// Only `prisma generate` runs through the CLI here (it needs no database); migrations are applied by
// scripts/migrate.ts, because every Prisma 7 migrate command downloads a native engine and we are offline.
const url = process.env.DATABASE_URL;

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  ...(url ? { datasource: { url } } : {}),
});
