// Where the local services live. Ports are fixed so that a second `npm run dev` finds the same database.
// SUBLEDGER_TEST_PORT_OFFSET moves every test port (database, app, SMTP) by that much, so that a second
// checkout (a git worktree) can run its tests while the first one runs its own.
const TEST_PORT_OFFSET = Number(process.env.SUBLEDGER_TEST_PORT_OFFSET ?? 0);
export const DEV_DB = { dir: ".data/pg/dev", port: 54329, database: "subledger", fsync: true };
export const TEST_DB = { dir: ".data/pg/test", port: 54349 + TEST_PORT_OFFSET, database: "subledger_test", fsync: false };
export const E2E_DB = { dir: ".data/pg/e2e", port: 54339 + TEST_PORT_OFFSET, database: "subledger_e2e", fsync: false };
/** The production build against an empty database: the first run as a business meets it (e2e/first-run.spec.ts). */
export const E2E_EMPTY_DB = { dir: ".data/pg/e2e-empty", port: 54341 + TEST_PORT_OFFSET, database: "subledger_e2e_empty", fsync: false };
/** A second Subledger the e2e app buys from over HTTP (SMS.to's API): e2e/carriers-upstream.spec.ts */
export const E2E_UPSTREAM_DB = { dir: ".data/pg/e2e-upstream", port: 54343 + TEST_PORT_OFFSET, database: "subledger_e2e_upstream", fsync: false };
export const DEV_APP_PORT = Number(process.env.PORT ?? 3000);
export const E2E_APP_PORT = 3100 + TEST_PORT_OFFSET;
export const E2E_EMPTY_APP_PORT = 3101 + TEST_PORT_OFFSET;
export const E2E_UPSTREAM_APP_PORT = 3102 + TEST_PORT_OFFSET;
/** where the upstream server writes the API key of its one tenant, for the spec to read */
export const E2E_UPSTREAM_KEY_FILE = ".data/e2e-upstream/api-key";
/** where the empty-database server keeps what it printed, so that a test can read the setup link from it */
export const E2E_EMPTY_LOG = ".data/e2e-empty/server.log";
export const MAIL_DIR = { dev: ".data/mail/dev", e2e: ".data/mail/e2e", e2eEmpty: ".data/mail/e2e-empty", e2eUpstream: ".data/mail/e2e-upstream" };
export const E2E_SMTP_PORT = 2526 + TEST_PORT_OFFSET;
export const E2E_EMPTY_SMTP_PORT = 2527 + TEST_PORT_OFFSET;
export const E2E_UPSTREAM_SMTP_PORT = 2528 + TEST_PORT_OFFSET;
export const E2E_AUTH_SECRET = "e2e-only-secret-not-for-production-0000";
/** the fake SMSC `npm run dev` starts for the demo's SMPP connection (any free port when taken) */
export const DEV_SMSC_PORT = Number(process.env.DEMO_SMSC_PORT ?? 2775);
/** the fake SMSC beside the e2e app, for the carriers spec */
export const E2E_SMSC_PORT = 2776 + TEST_PORT_OFFSET;
export const E2E_CARRIER_SECRET_KEY = "e2e-only-carrier-key-not-for-production-0000";
