// Where the stress suite lives: its own PostgreSQL (fsync on) and app ports, clear of dev, tests, e2e and bench.
export const STRESS_DB = { dir: ".data/pg/stress", port: 54369, database: "subledger_stress", fsync: true };
export const STRESS_APP_PORTS = [3220, 3221] as const;
/** app logs and captured mail of the last run */
export const STRESS_DIR = ".data/stress";
