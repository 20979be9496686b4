// The storm's clients: each holds a manager's API key of one tenant and, until its deadline, picks a random
// operation (credit, debit, send an SMS, cross a threshold, create a member, delete one) through the native
// API of one of the app instances. Every acknowledged money operation is recorded (what the reply said moved)
// for the checks afterwards; some are sent a second time with the same Idempotency-Key, which must replay.
import { randomUUID } from "node:crypto";
import { callApi, centsString, errorCodeOf, microOf, type Call, type Reply } from "./api.ts";
import type { Manager, StressAccount, StressTenant } from "./fixture.ts";

export type OpKind = "credit" | "debit" | "send" | "threshold" | "create" | "delete";
export const OP_KINDS: OpKind[] = ["credit", "debit", "send", "threshold", "create", "delete"];
const WEIGHTS: Record<OpKind, number> = { credit: 30, debit: 24, send: 26, threshold: 10, create: 5, delete: 5 };

/** A money reply the client saw acknowledged (2xx): the transfer it names must exist, exactly like this. */
export type Ack = {
  op: OpKind;
  tenantId: number;
  transferId: string;
  kind: "credit" | "debit" | "charge";
  amount: bigint;
  fromId: number;
  /** null when the reply does not name it (a charge goes to the tenant's usage account) */
  toId: number | null;
  /** the key as the ledger stores it: one transfer per key */
  ledgerKey: string;
  /** whether this answer came only after retries (the server failed or went away first) */
  afterRetry: boolean;
};

/** An acknowledged delete: the account is closed and its balance went to the parent in one sweep. */
export type DeleteAck = { tenantId: number; accountId: number; parentId: number; swept: bigint };

type RouteStats = { latencies: number[] };
type Outcome = "done" | "refused" | "skipped";

export class Tally {
  readonly done = new Map<string, number>();
  readonly refusedOps = new Map<string, number>();
  readonly errors = new Map<string, number>();
  readonly routes = new Map<string, RouteStats>();
  readonly violations: string[] = [];
  readonly acks: Ack[] = [];
  readonly deletes: DeleteAck[] = [];
  /** requests the server answered with 5xx or never answered, with when (ms since the start) */
  readonly failures: { at: number; code: string }[] = [];
  retries = 0;
  replayChecks = 0;
  /** acknowledged only on a retry, and the server said it replayed: the first attempt had committed unseen */
  replayedAfterFailure = 0;
  readonly started = performance.now();
  /** set by a fault: from then on, the first 2xx of each instance is noted (its recovery) */
  watchFrom: number | null = null;
  readonly firstOkAfterWatch = new Map<string, number>();

  noteOk(base: string, at: number) {
    if (this.watchFrom !== null && at > this.watchFrom && !this.firstOkAfterWatch.has(base)) this.firstOkAfterWatch.set(base, at);
  }

  count(map: Map<string, number>, key: string) {
    map.set(key, (map.get(key) ?? 0) + 1);
  }
  violation(message: string) {
    if (this.violations.length < 200) this.violations.push(message);
  }
  latency(route: string, ms: number) {
    let stats = this.routes.get(route);
    if (!stats) this.routes.set(route, (stats = { latencies: [] }));
    stats.latencies.push(ms);
  }
}

export type ClientOptions = {
  tenant: StressTenant;
  manager: Manager;
  /** the instances' base URLs: the client starts on bases[first] and moves to the next one on a retry */
  bases: string[];
  first: number;
  deadline: number;
  tally: Tally;
  /**
   * strict: a 5xx or an unanswered request is a violation (the storm without faults); retry: the client sends
   * the same request again (same Idempotency-Key) until it is answered, as a client of a flaky service would
   * (the kill-PostgreSQL scenario), giving up `giveUpMs` after its deadline
   */
  mode: "strict" | "retry";
  giveUpMs?: number;
  /** share of acknowledged money operations sent again at once with the same key (must replay) */
  replayShare?: number;
  /** stop picking new operations (the scenario's own clock, e.g. "the database is being crashed now") */
  paused?: () => boolean;
  random?: () => number;
};

// codes a correct server answers in this storm: money races (another client drained or closed the account
// first) and the revoked key of a member deleted meanwhile; anything else is a violation
const EXPECTED_REFUSALS = new Set(["402 insufficient_funds", "409 account_closed", "401 unauthenticated", "404 not_found"]);

const RECIPIENT_ENDINGS = { delivered: null, rejected: "0001", undeliverable: "0000" } as const;

export async function runClient(o: ClientOptions) {
  const rnd = o.random ?? Math.random;
  const pick = <T>(list: T[]): T | undefined => (list.length ? list[Math.floor(rnd() * list.length)] : undefined);
  const between = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  const totalWeight = OP_KINDS.reduce((s, k) => s + WEIGHTS[k], 0);
  const tenant = o.tenant;
  const manager = o.manager;
  const below = () => [...tenant.accounts.values()].filter((a) => !a.closed && a.ancestors.includes(manager.accountId));

  let onBase = o.first;
  /** one request, retried in retry mode; the latency of each attempt is recorded under `route` */
  async function request(route: string, apiKey: string, call: Call): Promise<{ reply: Reply; retried: boolean }> {
    let retried = false;
    for (let attempt = 0; ; attempt++) {
      const reply = await callApi(o.bases[onBase], apiKey, call);
      const at = performance.now() - o.tally.started;
      if (reply.status !== 0) o.tally.latency(route, reply.ms);
      if (reply.status >= 200 && reply.status < 300) o.tally.noteOk(o.bases[onBase], at);
      if (retried && reply.replayed) o.tally.replayedAfterFailure++;
      if (reply.status !== 0 && reply.status < 500) return { reply, retried };
      o.tally.failures.push({ at, code: errorCodeOf(reply) });
      if (o.mode === "strict") {
        o.tally.violation(`${route} on ${o.bases[onBase]}: ${errorCodeOf(reply)} ${JSON.stringify(reply.body)?.slice(0, 200)}`);
        return { reply, retried };
      }
      if (performance.now() > o.deadline + (o.giveUpMs ?? 60_000)) {
        o.tally.violation(`${route}: still failing after ${attempt + 1} attempts (${errorCodeOf(reply)}): the app did not recover`);
        return { reply, retried };
      }
      retried = true;
      o.tally.retries++;
      onBase = (onBase + 1) % o.bases.length; // as a load balancer would: the next instance
      await new Promise((r) => setTimeout(r, Math.min(1000, 50 * 2 ** Math.min(attempt, 5))));
    }
  }

  /** a refusal: expected ones are counted by code, anything else is also a violation */
  function refused(op: OpKind, route: string, reply: Reply): Outcome {
    const code = errorCodeOf(reply);
    o.tally.count(o.tally.errors, code);
    if (reply.status >= 500 || reply.status === 0) return "refused"; // already recorded by request()
    if (!EXPECTED_REFUSALS.has(code)) {
      o.tally.violation(`${op} (${route}): unexpected ${code}: ${JSON.stringify(reply.body).slice(0, 300)}`);
    }
    return "refused";
  }

  /** credit or debit along the member's parent edge; returns the reply */
  async function move(op: OpKind, direction: "credit" | "debit", target: StressAccount, cents: number): Promise<Outcome> {
    const key = randomUUID();
    const call: Call = { method: "POST", path: `/api/v1/accounts/${target.id}/${direction}`, body: { amount: centsString(cents), memo: `stress ${op}` }, idempotencyKey: key };
    const { reply, retried } = await request(`POST ${direction}`, manager.key, call);
    if (reply.status !== 201) return refused(op, `POST ${direction}`, reply);
    const t = reply.body as { id: string; amount: string; from_account_id: number; to_account_id: number; kind: string };
    const [from, to] = direction === "credit" ? [target.parentId!, target.id] : [target.id, target.parentId!];
    if (microOf(t.amount) !== BigInt(cents) * 10_000n || t.from_account_id !== from || t.to_account_id !== to || t.kind !== direction) {
      o.tally.violation(`${direction} ${key}: the reply moved ${t.amount} ${t.from_account_id}→${t.to_account_id} (${t.kind}), asked ${centsString(cents)} ${from}→${to}`);
    }
    const ledgerKey = `api:${manager.apiKeyId}:${key}`;
    o.tally.acks.push({ op, tenantId: tenant.id, transferId: t.id, kind: direction, amount: microOf(t.amount), fromId: t.from_account_id, toId: t.to_account_id, ledgerKey, afterRetry: retried });
    if (rnd() < (o.replayShare ?? 0.05)) {
      o.tally.replayChecks++;
      const again = await request(`POST ${direction}`, manager.key, call);
      const body = again.reply.body as { id?: string } | null;
      if (again.reply.status !== 201 || !again.reply.replayed || body?.id !== t.id) {
        o.tally.violation(`${direction} ${key}: the same key again answered ${errorCodeOf(again.reply)} replayed=${again.reply.replayed} id ${body?.id}, first ${t.id}`);
      }
    }
    return "done";
  }

  const ops: Record<OpKind, () => Promise<Outcome>> = {
    async credit() {
      const target = pick(below());
      return target ? move("credit", "credit", target, between(1, 2000)) : "skipped";
    },
    async debit() {
      const target = pick(below());
      return target ? move("debit", "debit", target, between(1, 1500)) : "skipped";
    },
    async send() {
      const sender = pick([...below(), tenant.accounts.get(manager.accountId)!].filter((a) => a.key && !a.closed));
      if (!sender) return "skipped";
      const roll = rnd();
      const ending = roll < 0.03 ? RECIPIENT_ENDINGS.rejected : roll < 0.06 ? RECIPIENT_ENDINGS.undeliverable : String(between(1000, 9999));
      const key = randomUUID();
      const call: Call = { method: "POST", path: "/api/v1/messages", body: { to: `+3579912${ending}`, message: `Stress ${key.slice(0, 8)}: your code is ${between(100000, 999999)}.` }, idempotencyKey: key };
      const { reply, retried } = await request("POST messages", sender.key!, call);
      if (reply.status !== 201) return refused("send", "POST messages", reply);
      const m = reply.body as { transfer_id: string; price: string; charged_account_id: number };
      o.tally.acks.push({ op: "send", tenantId: tenant.id, transferId: m.transfer_id, kind: "charge", amount: microOf(m.price), fromId: m.charged_account_id, toId: null, ledgerKey: `msg:${sender.id}:${key}`, afterRetry: retried });
      return "done";
    },
    // an auto-recharge rule on a member, then a debit that takes it below the threshold: the parent (and,
    // when the parent falls below its own rule, the master) recharges it in the same transaction
    async threshold() {
      const target = pick(below().filter((a) => !a.isPartner && a.paymentModel === "prepaid"));
      if (!target) return "skipped";
      const thresholdCents = between(10, 30) * 100;
      const rule = rnd() < 0.5 ? { threshold: centsString(thresholdCents), amount: centsString(between(20, 50) * 100) } : { threshold: centsString(thresholdCents), target: centsString(thresholdCents + between(10, 40) * 100) };
      const put = await request("PUT auto-recharge", manager.key, { method: "PUT", path: `/api/v1/accounts/${target.id}/auto-recharge`, body: rule });
      if (put.reply.status !== 200) return refused("threshold", "PUT auto-recharge", put.reply);
      const got = await request("GET account", manager.key, { method: "GET", path: `/api/v1/accounts/${target.id}` });
      if (got.reply.status !== 200) return refused("threshold", "GET account", got.reply);
      const balanceCents = Number(microOf((got.reply.body as { balance: string }).balance) / 10_000n);
      const cents = balanceCents - thresholdCents + between(1, 500);
      return cents > 0 ? move("threshold", "debit", target, cents) : "done";
    },
    async create() {
      const parent = tenant.accounts.get(manager.accountId)!;
      if (!parent.isPartner) return "skipped";
      if ([...tenant.accounts.values()].filter((a) => a.disposable && !a.closed).length >= 8) return "skipped";
      const { reply } = await request("POST accounts", manager.key, { method: "POST", path: "/api/v1/accounts", body: { name: `Churn ${randomUUID().slice(0, 8)}`, is_partner: false } });
      if (reply.status !== 201) return refused("create", "POST accounts", reply);
      const made = reply.body as { id: number; parent_id: number; credentials: { api_key: string } };
      const account: StressAccount = {
        id: made.id,
        parentId: made.parent_id,
        ancestors: [...parent.ancestors, parent.id],
        isPartner: false,
        paymentModel: "prepaid",
        key: made.credentials.api_key,
        disposable: true,
        closed: false,
      };
      tenant.accounts.set(account.id, account);
      return move("create", "credit", account, between(500, 3000));
    },
    async delete() {
      const target = pick(below().filter((a) => a.disposable));
      if (!target) return "skipped";
      target.closed = true; // no new work for it from this process; requests already in flight race the delete
      const { reply } = await request("DELETE account", manager.key, { method: "DELETE", path: `/api/v1/accounts/${target.id}` });
      if (reply.status !== 200) return refused("delete", "DELETE account", reply);
      const d = reply.body as { id: number; parent_id: number; swept: string };
      o.tally.deletes.push({ tenantId: tenant.id, accountId: d.id, parentId: d.parent_id, swept: microOf(d.swept) });
      return "done";
    },
  };

  while (performance.now() < o.deadline) {
    if (o.paused?.()) {
      await new Promise((r) => setTimeout(r, 20));
      continue;
    }
    let roll = rnd() * totalWeight;
    const op = OP_KINDS.find((k) => (roll -= WEIGHTS[k]) < 0) ?? "credit";
    const outcome = await ops[op]();
    if (outcome === "done") o.tally.count(o.tally.done, op);
    if (outcome === "refused") o.tally.count(o.tally.refusedOps, op);
  }
}
