import { expect, it } from "vitest";
// @ts-expect-error plain .mjs without types
import { migrate } from "./schema-engine.mjs";

// The runtime applies prisma/migrations as plain SQL; this proves that those migrations build exactly the
// schema that schema.prisma (and so the generated client) describes.
it("schema.prisma and the migrations describe the same database", async () => {
  const exitCode = await migrate("diff", { url: process.env.DATABASE_URL, quiet: true });
  expect(exitCode).not.toBe(2);
}, 60_000);
