// What must hold after every scenario, checked on the database itself: the books balance (the reconcile
// command's checks), every tenant sums to zero, every acknowledged money reply's transfer exists as the reply
// said, one transfer per idempotency key, nothing half-applied, and no lock or open transaction left behind.
import type pg from "pg";
import { findLedgerDiscrepancies } from "../../lib/domain/ledger/reconcile.ts";
import type { Ack, DeleteAck } from "./workload.ts";

export type CheckResult = { lines: string[]; violations: string[] };

const money = (micro: bigint) => {
  const sign = micro < 0n ? "-" : "";
  const abs = micro < 0n ? -micro : micro;
  return `${sign}${abs / 1_000_000n}.${String(abs % 1_000_000n).padStart(6, "0").slice(0, 2)}`;
};

/** Reconciliation (npm run reconcile's query) and the sum of every tenant, over the whole database. */
export async function checkBooks(db: pg.Client, tenantIds: number[]): Promise<CheckResult> {
  const lines: string[] = [];
  const violations: string[] = [];
  const started = performance.now();
  const discrepancies = await findLedgerDiscrepancies();
  const ms = Math.round(performance.now() - started);
  const { rows: counts } = await db.query<{ transfers: string; accounts: string }>(
    "SELECT (SELECT count(*) FROM transfer) AS transfers, (SELECT count(*) FROM account) AS accounts",
  );
  if (discrepancies.length) {
    for (const d of discrepancies.slice(0, 20)) violations.push(`reconcile: ${d.check} tenant ${d.tenantId} account ${d.accountId}: ${d.detail}`);
  } else {
    lines.push(`reconcile: ${counts[0].accounts} accounts and ${counts[0].transfers} transfers balance (${ms} ms)`);
  }
  const { rows: sums } = await db.query<{ tenant_id: number; total: string; accounts: string }>(
    "SELECT tenant_id, sum(balance)::text AS total, count(*)::text AS accounts FROM account WHERE tenant_id = ANY($1) GROUP BY tenant_id ORDER BY tenant_id",
    [tenantIds],
  );
  for (const s of sums) {
    if (BigInt(s.total) !== 0n) violations.push(`tenant ${s.tenant_id} sums to ${s.total}, not 0`);
  }
  lines.push(`tenant sums: ${sums.map((s) => `tenant ${s.tenant_id} (${s.accounts} accounts) = ${s.total}`).join(", ")}`);
  return { lines, violations };
}

/**
 * Every acknowledged reply's transfer is there with the reply's kind, amount and sides, and it is the only
 * transfer with its idempotency key; every acknowledged delete left the account closed with one sweep of
 * what the reply said.
 */
export async function checkAcks(db: pg.Client, acks: Ack[], deletes: DeleteAck[] = []): Promise<CheckResult> {
  const violations: string[] = [];
  const { rows } = await db.query<{ ord: number; found: boolean; kind: string | null; amount: string | null; from_id: number | null; to_id: number | null; key: string | null; same_key: string }>(
    `SELECT a.ord, t.id IS NOT NULL AS found, t.kind::text AS kind, t.amount::text AS amount, t.from_account_id AS from_id,
            t.to_account_id AS to_id, t.idempotency_key AS key,
            (SELECT count(*) FROM transfer k WHERE k.tenant_id = a.tenant_id AND k.idempotency_key = a.ledger_key)::text AS same_key
       FROM unnest($1::int[], $2::bigint[], $3::text[]) WITH ORDINALITY AS a(tenant_id, transfer_id, ledger_key, ord)
       LEFT JOIN transfer t ON t.tenant_id = a.tenant_id AND t.id = a.transfer_id`,
    [acks.map((a) => a.tenantId), acks.map((a) => a.transferId), acks.map((a) => a.ledgerKey)],
  );
  for (const row of rows) {
    const ack = acks[row.ord - 1];
    const label = `${ack.op} ${ack.kind} #${ack.transferId} (${ack.ledgerKey})`;
    if (!row.found) violations.push(`${label}: acknowledged but not in the ledger`);
    else if (row.kind !== ack.kind || BigInt(row.amount!) !== ack.amount || row.from_id !== ack.fromId || (ack.toId !== null && row.to_id !== ack.toId)) {
      violations.push(`${label}: the ledger has ${row.kind} ${row.amount} ${row.from_id}→${row.to_id}, the reply said ${ack.amount} ${ack.fromId}→${ack.toId}`);
    } else if (row.key !== ack.ledgerKey) violations.push(`${label}: the transfer carries the key ${row.key}`);
    if (row.same_key !== "1") violations.push(`${label}: ${row.same_key} transfers carry its key (exactly one expected)`);
  }
  if (deletes.length) {
    const { rows: closed } = await db.query<{ ord: number; status: string; balance: string; sweeps: string; swept: string }>(
      `SELECT d.ord, a.status::text AS status, a.balance::text AS balance,
              (SELECT count(*) FROM transfer t WHERE t.tenant_id = d.tenant_id AND t.from_account_id = d.account_id AND t.kind = 'sweep')::text AS sweeps,
              (SELECT coalesce(sum(amount), 0) FROM transfer t WHERE t.tenant_id = d.tenant_id AND t.from_account_id = d.account_id AND t.kind = 'sweep')::text AS swept
         FROM unnest($1::int[], $2::int[]) WITH ORDINALITY AS d(tenant_id, account_id, ord)
         JOIN account a ON a.tenant_id = d.tenant_id AND a.id = d.account_id`,
      [deletes.map((d) => d.tenantId), deletes.map((d) => d.accountId)],
    );
    for (const row of closed) {
      const d = deletes[row.ord - 1];
      const expectedSweeps = d.swept > 0n ? "1" : "0";
      if (row.status !== "closed" || row.balance !== "0" || row.sweeps !== expectedSweeps || BigInt(row.swept) !== d.swept) {
        violations.push(`delete of account ${d.accountId}: ${row.status}, balance ${row.balance}, ${row.sweeps} sweeps of ${row.swept}; the reply said swept ${d.swept}`);
      }
    }
    if (closed.length !== deletes.length) violations.push(`${deletes.length - closed.length} deleted accounts are missing`);
  }
  const lines = [`${acks.length} acknowledged transfers found as replied, one per idempotency key${deletes.length ? `; ${deletes.length} deletes closed with their sweep` : ""}`];
  return { lines, violations };
}

/**
 * Multi-step operations are there whole or not at all (DESIGN.md §9.4): each charge has its messages, each
 * failed message its refund, each auto-recharge its event, each sweep a closed account behind it.
 */
export async function checkWholeness(db: pg.Client, tenantIds: number[]): Promise<CheckResult> {
  const { rows } = await db.query<{ check: string; n: string }>(
    `SELECT 'charge without messages' AS check, count(*)::text AS n FROM transfer t
       WHERE t.tenant_id = ANY($1) AND t.kind = 'charge'
         AND NOT EXISTS (SELECT 1 FROM message m WHERE m.tenant_id = t.tenant_id AND m.transfer_id = t.id)
     UNION ALL
     SELECT 'message without its charge', count(*)::text FROM message m
       WHERE m.tenant_id = ANY($1) AND NOT EXISTS (SELECT 1 FROM transfer t WHERE t.tenant_id = m.tenant_id AND t.id = m.transfer_id AND t.kind = 'charge')
     UNION ALL
     -- (a payer closed before the failure cannot take a refund: that message stays charged, by design)
     SELECT 'failed message without refund', count(*)::text FROM message m
       JOIN account a ON a.tenant_id = m.tenant_id AND a.id = m.charged_account_id
       WHERE m.tenant_id = ANY($1) AND m.status = 'failed' AND a.status <> 'closed'
         AND NOT EXISTS (SELECT 1 FROM transfer t WHERE t.tenant_id = m.tenant_id AND t.id = m.refund_transfer_id AND t.kind = 'refund')
     UNION ALL
     SELECT 'refund of no failed message', count(*)::text FROM transfer t
       WHERE t.tenant_id = ANY($1) AND t.kind = 'refund'
         AND NOT EXISTS (SELECT 1 FROM message m WHERE m.tenant_id = t.tenant_id AND m.refund_transfer_id = t.id AND m.status = 'failed')
     UNION ALL
     SELECT 'auto-recharge without its event', count(*)::text FROM transfer t
       WHERE t.tenant_id = ANY($1) AND t.kind = 'auto_recharge'
         AND NOT EXISTS (SELECT 1 FROM auto_recharge_event e WHERE e.tenant_id = t.tenant_id AND e.transfer_id = t.id AND e.succeeded)
     UNION ALL
     SELECT 'recharge event without its transfer', count(*)::text FROM auto_recharge_event e
       WHERE e.tenant_id = ANY($1) AND e.succeeded AND NOT EXISTS (SELECT 1 FROM transfer t WHERE t.tenant_id = e.tenant_id AND t.id = e.transfer_id)
     UNION ALL
     SELECT 'sweep from an open account', count(*)::text FROM transfer t JOIN account a ON a.tenant_id = t.tenant_id AND a.id = t.from_account_id
       WHERE t.tenant_id = ANY($1) AND t.kind = 'sweep' AND a.status <> 'closed'`,
    [tenantIds],
  );
  const violations = rows.filter((r) => r.n !== "0").map((r) => `not whole: ${r.n} × ${r.check}`);
  const { rows: kinds } = await db.query<{ kind: string; n: string }>(
    "SELECT kind::text, count(*)::text AS n FROM transfer WHERE tenant_id = ANY($1) GROUP BY kind ORDER BY kind",
    [tenantIds],
  );
  const { rows: messages } = await db.query<{ status: string; n: string }>(
    "SELECT status::text, count(*)::text AS n FROM message WHERE tenant_id = ANY($1) GROUP BY status ORDER BY status",
    [tenantIds],
  );
  const { rows: extras } = await db.query<{ failed_recharges: string; alerts: string; unrefundable: string }>(
    `SELECT (SELECT count(*) FROM auto_recharge_event WHERE tenant_id = ANY($1) AND NOT succeeded)::text AS failed_recharges,
            (SELECT count(*) FROM outbox WHERE tenant_id = ANY($1) AND kind = 'low_balance')::text AS alerts,
            (SELECT count(*) FROM message m JOIN account a ON a.tenant_id = m.tenant_id AND a.id = m.charged_account_id
              WHERE m.tenant_id = ANY($1) AND m.status = 'failed' AND m.refund_transfer_id IS NULL AND a.status = 'closed')::text AS unrefundable`,
    [tenantIds],
  );
  return {
    lines: [
      `whole: ${rows.map((r) => r.check).length} checks (charges ↔ messages, failures ↔ refunds, recharges ↔ events, sweeps ↔ closed accounts) found nothing half-applied`,
      `ledger by kind: ${kinds.map((k) => `${k.kind} ${k.n}`).join(", ")}; messages: ${messages.map((m) => `${m.status} ${m.n}`).join(", ") || "none"}; ` +
        `failed recharge attempts ${extras[0].failed_recharges}, low-balance alerts ${extras[0].alerts}, ` +
        `failed messages of a payer closed meanwhile (not refundable by design) ${extras[0].unrefundable}`,
    ],
    violations,
  };
}

/**
 * Nothing holds a lock or a transaction open after the fact: no session idle in a transaction for more than
 * `graceSeconds`, no lock held by a session that is not running a statement, and every account row of the
 * tenants can be locked within `graceSeconds` (a leaked row lock would make that time out).
 */
export async function checkNoLocks(db: pg.Client, tenantIds: number[], graceSeconds = 3): Promise<CheckResult> {
  const violations: string[] = [];
  const { rows: idle } = await db.query<{ pid: number; application_name: string; state: string; age: string; query: string }>(
    `SELECT pid, application_name, state, (now() - state_change)::text AS age, left(query, 120) AS query FROM pg_stat_activity
      WHERE datname = current_database() AND pid <> pg_backend_pid()
        AND state LIKE 'idle in transaction%' AND now() - state_change > make_interval(secs => $1)`,
    [graceSeconds],
  );
  for (const s of idle) violations.push(`session ${s.pid} (${s.application_name}) ${s.state} for ${s.age}: ${s.query}`);
  const { rows: held } = await db.query<{ pid: number; locktype: string; mode: string; relation: string | null; state: string }>(
    `SELECT l.pid, l.locktype, l.mode, l.relation::regclass::text AS relation, a.state FROM pg_locks l
       JOIN pg_stat_activity a ON a.pid = l.pid
      WHERE a.datname = current_database() AND l.pid <> pg_backend_pid() AND l.granted AND l.locktype <> 'virtualxid'
        AND a.state <> 'active' AND now() - a.state_change > make_interval(secs => $1)`,
    [graceSeconds],
  );
  for (const l of held) violations.push(`session ${l.pid} (${l.state}) still holds ${l.mode} on ${l.locktype} ${l.relation ?? ""}`);
  try {
    await db.query("BEGIN");
    await db.query(`SET LOCAL lock_timeout = '${graceSeconds}s'`);
    const { rowCount } = await db.query("SELECT 1 FROM account WHERE tenant_id = ANY($1) ORDER BY tenant_id, id FOR UPDATE", [tenantIds]);
    await db.query("ROLLBACK");
    return { lines: [`no locks left: ${rowCount} account rows lockable, no session idle in a transaction`], violations };
  } catch (err) {
    await db.query("ROLLBACK").catch(() => undefined);
    violations.push(`an account row stayed locked for ${graceSeconds} s: ${(err as Error).message}`);
    return { lines: [], violations };
  }
}

export function merge(...results: CheckResult[]): CheckResult {
  return { lines: results.flatMap((r) => r.lines), violations: results.flatMap((r) => r.violations) };
}

export { money as formatMicro };
