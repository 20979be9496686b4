import fc from "fast-check";
import { randomUUID } from "node:crypto";
import { expect, it } from "vitest";
import { prisma } from "@/lib/db/client";
import { InsufficientFundsError, ValidationError } from "@/lib/domain/errors";
import { createChildAccount } from "@/lib/domain/accounts/create-child-account";
import { deleteMember } from "@/lib/domain/members/delete-member";
import { makeTenant, type TestTenant } from "@/lib/testing/factories";
import { payIn } from "@/lib/testing/operator";
import { creditMember } from "./credit-member";
import { debitMember } from "./debit-member";
import { findLedgerDiscrepancies } from "./reconcile";

// A model-based test: random sequences of create child / top up / credit / debit / delete run against PostgreSQL and against a plain
// in-memory model of the rules; after every step the database's balances must equal the model's.
type Model = { balances: Map<number, bigint>; parent: Map<number, number>; partners: Set<number>; accounts: number[]; closed: Set<number> };
type Real = { tenant: TestTenant };

const amountArb = fc.bigInt({ min: 1n, max: 5_000_000n });

async function assertSameBalances(model: Model, real: Real) {
  const rows = await prisma.account.findMany({ where: { tenantId: real.tenant.tenantId, kind: "customer" }, select: { id: true, balance: true } });
  expect(new Map(rows.map((r) => [r.id, r.balance]))).toEqual(model.balances);
}

class CreateChild implements fc.AsyncCommand<Model, Real> {
  constructor(readonly parentPick: number, readonly isPartner: boolean) {}
  check = () => true;
  async run(model: Model, real: Real) {
    const partners = model.accounts.filter((a) => model.partners.has(a) && !model.closed.has(a));
    const parentId = partners[this.parentPick % partners.length];
    const depth = (id: number): number => (model.parent.has(id) ? 1 + depth(model.parent.get(id)!) : 0);
    const attempt = createChildAccount({ ctx: real.tenant.owner, input: { parentId, name: `m${model.accounts.length}`, isPartner: this.isPartner } });
    if (depth(parentId) + 1 >= 5) {
      await expect(attempt).rejects.toThrow(/limited to 5 levels/);
    } else {
      const child = await attempt;
      model.accounts.push(child.id);
      model.parent.set(child.id, parentId);
      model.balances.set(child.id, 0n);
      if (this.isPartner) model.partners.add(child.id);
    }
    await assertSameBalances(model, real);
  }
  toString = () => `createChild(${this.parentPick}, ${this.isPartner})`;
}

class TopUp implements fc.AsyncCommand<Model, Real> {
  constructor(readonly amount: bigint) {}
  check = () => true;
  async run(model: Model, real: Real) {
    const master = real.tenant.masterAccountId;
    await payIn(real.tenant.tenantId, this.amount);
    model.balances.set(master, model.balances.get(master)! + this.amount);
    await assertSameBalances(model, real);
  }
  toString = () => `topUp(${this.amount})`;
}

class Move implements fc.AsyncCommand<Model, Real> {
  constructor(readonly direction: "credit" | "debit", readonly memberPick: number, readonly amount: bigint) {}
  check = (model: Readonly<Model>) => model.accounts.length > 1;
  async run(model: Model, real: Real) {
    const members = model.accounts.filter((a) => model.parent.has(a));
    const member = members[this.memberPick % members.length];
    const parent = model.parent.get(member)!;
    const [from, to] = this.direction === "credit" ? [parent, member] : [member, parent];
    const verb = this.direction === "credit" ? creditMember : debitMember;
    const attempt = verb({ ctx: real.tenant.owner, input: { memberId: member, amount: this.amount, idempotencyKey: randomUUID() } });
    if (model.closed.has(from) || model.closed.has(to)) {
      const err = await attempt.catch((e) => e);
      expect(err.code).toBe("account_closed");
    } else if (model.balances.get(from)! < this.amount) {
      const err = await attempt.catch((e) => e);
      expect(err).toBeInstanceOf(InsufficientFundsError);
      expect(err.available).toBe(model.balances.get(from));
    } else {
      const transfer = await attempt;
      model.balances.set(from, model.balances.get(from)! - this.amount);
      model.balances.set(to, model.balances.get(to)! + this.amount);
      expect(transfer.fromBalanceAfter).toBe(model.balances.get(from));
      expect(transfer.toBalanceAfter).toBe(model.balances.get(to));
    }
    await assertSameBalances(model, real);
  }
  toString = () => `${this.direction}(${this.memberPick}, ${this.amount})`;
}

class Delete implements fc.AsyncCommand<Model, Real> {
  constructor(readonly memberPick: number) {}
  check = (model: Readonly<Model>) => model.accounts.length > 1;
  async run(model: Model, real: Real) {
    const members = model.accounts.filter((a) => model.parent.has(a));
    const member = members[this.memberPick % members.length];
    const attempt = deleteMember({ ctx: real.tenant.owner, input: { accountId: member } });
    const openChildren = [...model.parent].filter(([child, parent]) => parent === member && !model.closed.has(child)).length;
    if (model.closed.has(member)) {
      expect((await attempt.catch((e) => e)).code).toBe("account_closed");
    } else if (openChildren > 0) {
      expect((await attempt.catch((e) => e)).code).toBe("has_open_children");
    } else {
      const result = await attempt;
      const parent = model.parent.get(member)!;
      expect(result.swept).toBe(model.balances.get(member));
      model.balances.set(parent, model.balances.get(parent)! + model.balances.get(member)!);
      model.balances.set(member, 0n);
      model.closed.add(member);
    }
    await assertSameBalances(model, real);
  }
  toString = () => `delete(${this.memberPick})`;
}

it("the ledger equals a model of its rules after every step of random operation sequences", async () => {
  const commands = [
    fc.tuple(fc.nat(), fc.boolean()).map(([pick, partner]) => new CreateChild(pick, partner)),
    amountArb.map((a) => new TopUp(a)),
    fc.tuple(fc.constantFrom<"credit" | "debit">("credit", "debit"), fc.nat(), amountArb).map(([d, pick, a]) => new Move(d, pick, a)),
    fc.nat().map((pick) => new Delete(pick)),
  ];
  await fc.assert(
    fc.asyncProperty(fc.commands(commands, { maxCommands: 25 }), async (cmds) => {
      const tenant = await makeTenant();
      const master = tenant.masterAccountId;
      const model: Model = { balances: new Map([[master, 0n]]), parent: new Map(), partners: new Set([master]), accounts: [master], closed: new Set() };
      await fc.asyncModelRun(() => ({ model, real: { tenant } }), cmds);
      expect(await findLedgerDiscrepancies(prisma, tenant.tenantId)).toEqual([]);
    }),
    { numRuns: 12 },
  );
}, 120_000);

it("refuses a debit of a member by a caller acting for that member itself", async () => {
  const tenant = await makeTenant();
  const child = await createChildAccount({ ctx: tenant.owner, input: { parentId: tenant.masterAccountId, name: "self" } });
  const err = await debitMember({ ctx: { ...tenant.owner, accountId: child.id }, input: { memberId: child.id, amount: 1n, idempotencyKey: randomUUID() } }).catch((e) => e);
  expect(err).not.toBeInstanceOf(ValidationError);
  expect(err.code).toBe("not_found");
});
