// npm run db:seed: the demo tenant (idempotent). Uses DATABASE_URL, or starts the embedded dev database.
import { startEmbeddedPostgres } from "./lib/embedded-postgres.ts";
import { applyMigrations } from "../lib/db/migrations.ts";
import { DEV_DB } from "./lib/config.ts";

const embedded = process.env.DATABASE_URL ? null : await startEmbeddedPostgres(DEV_DB);
process.env.DATABASE_URL ??= embedded!.url;
try {
  await applyMigrations(process.env.DATABASE_URL, { quiet: true });
  const { seedDemo } = await import("./lib/seed-demo.ts");
  const demo = await seedDemo();
  console.log(demo.created ? "Seeded the demo tenant." : "The demo tenant is already there; nothing changed.");
  const { prisma } = await import("../lib/db/client.ts");
  await prisma.$disconnect();
} finally {
  await embedded?.stop();
}
