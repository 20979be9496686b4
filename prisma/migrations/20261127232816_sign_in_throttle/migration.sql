-- Failed password sign-ins per e-mail address and per client IP, in fixed windows (lib/domain/users/sign-in-throttle.ts):
-- the dashboard's sign-in form and SMS Central's USERNAME/PASSWORD calls had no attempt limit.
-- CreateTable
-- UNLOGGED, like api_rate_count: no WAL for a counter, and a crash of PostgreSQL empties it, which forgives at most
-- one window. No index but the key: the minute sweep that deletes ended windows scans it (it holds only the
-- subjects that failed within the last window).
CREATE UNLOGGED TABLE "sign_in_failure" (
    "subject" TEXT NOT NULL,
    "window_start" TIMESTAMPTZ(3) NOT NULL,
    "failures" INTEGER NOT NULL,

    CONSTRAINT "sign_in_failure_pkey" PRIMARY KEY ("subject")
);
ALTER TABLE "sign_in_failure" ADD CONSTRAINT "sign_in_failure_positive" CHECK (failures > 0);
