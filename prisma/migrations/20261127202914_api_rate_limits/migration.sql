-- CreateEnum
CREATE TYPE "rate_limit_scope" AS ENUM ('api_key', 'tenant');

-- CreateTable
-- UNLOGGED: every authenticated API request updates two rows here; without WAL its statement commits without
-- waiting for a flush. A crash of PostgreSQL truncates the table: the counts start again, which forgives at
-- most one window. Every update is HOT (no indexed column changes); the free space left on each page keeps the
-- new row versions on the page.
CREATE UNLOGGED TABLE "api_rate_count" (
    "tenant_id" INTEGER NOT NULL,
    "scope" "rate_limit_scope" NOT NULL,
    "subject_id" INTEGER NOT NULL,
    "window_start" TIMESTAMPTZ(3) NOT NULL,
    "count" INTEGER NOT NULL,

    CONSTRAINT "api_rate_count_pkey" PRIMARY KEY ("tenant_id","scope","subject_id")
) WITH (fillfactor = 50);
